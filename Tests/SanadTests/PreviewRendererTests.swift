import Foundation
import SanadModel
import SanadPreview
import XCTest

/// Issue 14: every supported format gives an 8-bit greyscale PNG of at most 24 × 24, the same
/// bytes each time; bombs and damaged files give their documented error codes.
final class PreviewRendererTests: XCTestCase {
    private func assertPreview(
        _ bytes: [UInt8], _ format: ImageFormat, width: Int, height: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let p = try PreviewRenderer.render(bytes, format: format, label: "E0001")
        let ihdr = try XCTUnwrap(PNGHeader(p.png), file: file, line: line)
        XCTAssertEqual(ihdr.colourType, 0, "greyscale, no alpha, no palette", file: file, line: line)
        XCTAssertEqual(ihdr.bitDepth, 8, file: file, line: line)
        XCTAssertEqual([ihdr.width, ihdr.height], [width, height], file: file, line: line)
        XCTAssertEqual([p.width, p.height], [width, height], file: file, line: line)
        let again = try PreviewRenderer.render(bytes, format: format, label: "E0001")
        XCTAssertEqual(again.png, p.png, "deterministic for the same input", file: file, line: line)
    }

    func testEveryFormatGivesAGreyPNGOfAtMost24By24() throws {
        let dir = TempDir()
        let cases: [(String, ImageFormat)] = [("a.jpg", .jpeg), ("a.png", .png), ("a.heic", .heic), ("a.webp", .webp)]
        for (name, format) in cases {
            let landscape = try PreviewFixtures.image(dir, name, width: 600, height: 400)
            try assertPreview(landscape, format, width: 24, height: 16)
            let portrait = try PreviewFixtures.image(dir, "p-" + name, width: 300, height: 900)
            try assertPreview(portrait, format, width: 8, height: 24)
        }
    }

    func testAlphaSixteenBitAndTinyImagesStayGreyAndSmall() throws {
        let dir = TempDir()
        let rgba = try PreviewFixtures.image(dir, "rgb.png", width: 120, height: 120)
        try PreviewFixtures.vips(["bandjoin_const", "\(dir.path)/rgb.png", "\(dir.path)/rgba.png", "128"])
        try assertPreview(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(dir.path)/rgba.png"))), .png, width: 24, height: 24)
        try assertPreview(
            try PreviewFixtures.image(dir, "deep.png", width: 100, height: 50, options: "[bitdepth=16]"), .png,
            width: 24, height: 12)
        // Never enlarged: a 10 × 6 image stays 10 × 6.
        try assertPreview(
            try PreviewFixtures.image(dir, "tiny.webp", width: 10, height: 6), .webp, width: 10, height: 6)
    }

    func testA50000By50000PNGBombIsRefusedFromItsHeader() throws {
        let bomb = PreviewFixtures.pngBomb(width: 50_000, height: 50_000)
        XCTAssertLessThan(bomb.count, 100)
        XCTAssertThrowsError(try PreviewRenderer.render(bomb, format: .png, label: "E0001")) { error in
            XCTAssertEqual((error as? SanadError)?.code, .imageTooLarge)
        }
        // Under the side limit but 400 megapixels: refused by the pixel count.
        let wide = PreviewFixtures.pngBomb(width: 20_000, height: 20_000)
        XCTAssertThrowsError(try PreviewRenderer.render(wide, format: .png, label: "E0001")) { error in
            XCTAssertEqual((error as? SanadError)?.code, .imageTooLarge)
        }
        // The memory ceiling is measured on the command's own process (test_preview.py, under
        // /usr/bin/time): this process's peak is that of every test run before this one.
    }

    func testATruncatedHEICIsUndecodable() throws {
        let dir = TempDir()
        let heic = try PreviewFixtures.image(dir, "t.heic", width: 640, height: 480)
        for cut in [heic.count / 2, 200] {
            XCTAssertThrowsError(try PreviewRenderer.render(Array(heic.prefix(cut)), format: .heic, label: "E0001")) {
                XCTAssertEqual(($0 as? SanadError)?.code, .imageUndecodable, "cut at \(cut)")
            }
        }
    }

    func testATruncatedJPEGAndAMislabelledFileAreUndecodable() throws {
        let dir = TempDir()
        let jpeg = try PreviewFixtures.image(dir, "t.jpg", width: 640, height: 480)
        XCTAssertThrowsError(try PreviewRenderer.render(Array(jpeg.prefix(jpeg.count / 2)), format: .jpeg, label: "E1"))
        {
            XCTAssertEqual(($0 as? SanadError)?.code, .imageUndecodable)
        }
        XCTAssertThrowsError(try PreviewRenderer.render(jpeg, format: .png, label: "E1")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .imageUndecodable, "the PNG loader never reads a JPEG")
        }
    }

    func testHEICHasItsOwnLowerPixelLimitAndInputIsCapped() throws {
        let dir = TempDir()
        let heic = try PreviewFixtures.image(dir, "w.heic", width: 300, height: 200)
        var limits = PreviewLimits.standard
        limits.maximumWholeFramePixels = 50_000
        XCTAssertThrowsError(try PreviewRenderer.render(heic, format: .heic, limits: limits, label: "E1")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .imageTooLarge)
        }
        limits = .standard
        limits.maximumInputBytes = Int64(heic.count - 1)
        XCTAssertThrowsError(try PreviewRenderer.render(heic, format: .heic, limits: limits, label: "E1")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .imageTooLarge)
        }
    }
}
