import SanadIngest
import SanadModel
import XCTest

final class FileTypeSnifferTests: XCTestCase {
    private func mime(_ bytes: [UInt8], whole: Bool = true) -> String {
        FileTypeSniffer.detect(bytes, isWhole: whole).mime
    }

    private func a(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testImagesAndMediaByMagicNumber() {
        XCTAssertEqual(mime([0xFF, 0xD8, 0xFF, 0xE1, 0, 0]), "image/jpeg")
        XCTAssertEqual(mime([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), "image/png")
        XCTAssertEqual(mime(a("GIF89a....")), "image/gif")
        XCTAssertEqual(mime(a("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ")), "image/webp")
        XCTAssertEqual(mime([0, 0, 0, 0x18] + a("ftypheic") + [0, 0, 0, 0]), "image/heic")
        XCTAssertEqual(mime([0, 0, 0, 0x18] + a("ftypisom") + [0, 0, 0, 0]), "video/mp4")
        XCTAssertEqual(
            mime(a("OggS") + [0, 2] + Array(repeating: 0, count: 22) + a("OpusHead")), "audio/ogg; codecs=opus")
        XCTAssertEqual(mime(a("OggS") + Array(repeating: 0, count: 30)), "audio/ogg")
        XCTAssertEqual(mime(a("%PDF-1.7\n")), "application/pdf")
        XCTAssertEqual(mime([0x50, 0x4B, 0x03, 0x04, 20, 0]), "application/zip")
    }

    func testTextFormatsByContentNotName() {
        XCTAssertEqual(mime(a("{\"messages\": []}")), "application/json")
        XCTAssertEqual(mime(a("[{\"a\":1}]")), "application/json")
        XCTAssertEqual(mime(a("<?xml version='1.0'?><smses/>")), "application/xml")
        XCTAssertEqual(mime(a("<!DOCTYPE html><html></html>")), "text/html")
        XCTAssertEqual(mime(a("hello")), "text/plain; charset=utf-8")
        XCTAssertEqual(mime([0xEF, 0xBB, 0xBF] + a("hi")), "text/plain; charset=utf-8")
    }

    /// Regression: a WhatsApp iOS `_chat.txt` starts with `[` and was taken for JSON.
    func testWhatsAppIOSChatStartingWithBracketIsText() {
        XCTAssertEqual(mime(a("[01/03/2026, 21:14:05] Dark Falcon: hello\r\n")), "text/plain; charset=utf-8")
    }

    func testJSONCutAtThePrefixEndIsStillJSON() {
        XCTAssertEqual(mime(a("{\"name\": \"a very long str"), whole: false), "application/json")
        XCTAssertNotEqual(mime(a("{\"name\": \"a very long str"), whole: true), "application/json")
    }

    func testArabicTextCutInsideACharacterIsStillText() {
        let arabic = Array("مرحبا".utf8)
        XCTAssertEqual(mime(Array(arabic.dropLast(1)), whole: false), "text/plain; charset=utf-8")
        XCTAssertEqual(mime(Array(arabic.dropLast(1)), whole: true), "application/octet-stream")
    }

    func testBinaryAndEmpty() {
        XCTAssertEqual(mime([0x00, 0x01, 0x02, 0xFE]), "application/octet-stream")
        XCTAssertEqual(mime([]), "application/x-empty")
    }
}
