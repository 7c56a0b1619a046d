import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// Random access into an envelope's content after one authenticated pass (`CMSEnvelopeIndex`,
/// used to read a timeline from an archive that travels in an envelope).
final class CMSEnvelopeIndexTests: XCTestCase {
    private func envelope(_ content: [UInt8], chunked: Bool) throws -> (String, PrivateKey, Certificate) {
        let key = try PrivateKey.generateP256()
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: "Judge", organization: "Court"), notBefore: Date())
        let writer = try CMSEnvelopeWriter(recipients: [cert], contentLength: chunked ? nil : Int64(content.count))
        var out = writer.layout.header
        var i = 0
        while i < content.count {
            let j = min(i + 300_000, content.count)
            try content[i..<j].withUnsafeBytes { b in try writer.update(b) { out += $0 } }
            i = j
        }
        try writer.finish { out += $0 }
        let path = NSTemporaryDirectory() + "index-\(UUID().uuidString).p7m"
        try Data(out).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return (path, key, cert)
    }

    func testReadsAnyRangeInEitherFraming() throws {
        let content = (0..<5_000_017).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        for chunked in [true, false] {
            let (path, key, cert) = try envelope(content, chunked: chunked)
            let index = try CMSEnvelopeIndex(path: path, key: key, certificate: cert)
            XCTAssertEqual(index.contentSize, Int64(content.count))
            var rng = SystemRandomNumberGenerator()
            var ranges: [(Int, Int)] = [(0, 10), (4_999_990, 100), (1 << 20, 1 << 20), (3_000_000, 7)]
            for _ in 0..<20 {
                ranges.append((Int.random(in: 0..<content.count, using: &rng), Int.random(in: 1...70_000, using: &rng)))
            }
            for (at, want) in ranges {
                var buffer = [UInt8](repeating: 0, count: want)
                var got = 0
                while got < want {
                    let n = try buffer.withUnsafeMutableBytes { b in
                        try index.read(at: Int64(at + got), into: UnsafeMutableRawBufferPointer(rebasing: b[got...]))
                    }
                    if n == 0 { break }
                    got += n
                }
                let expected = Array(content[at..<min(at + want, content.count)])
                XCTAssertEqual(Array(buffer[0..<got]), expected, "chunked \(chunked), at \(at)")
            }
        }
    }

    func testAChangedEnvelopeIsRefusedAndAChangedFileAfterwardsToo() throws {
        let content = [UInt8](repeating: 42, count: 2_000_000)
        let (path, key, cert) = try envelope(content, chunked: true)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 1
        let bad = path + ".bad"
        try Data(bytes).write(to: URL(fileURLWithPath: bad))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: bad) }
        XCTAssertThrowsError(try CMSEnvelopeIndex(path: bad, key: key, certificate: cert))
        let index = try CMSEnvelopeIndex(path: path, key: key, certificate: cert)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        var buffer = [UInt8](repeating: 0, count: 16)
        XCTAssertThrowsError(try buffer.withUnsafeMutableBytes { try index.read(at: 0, into: $0) }) { error in
            XCTAssertEqual((error as? SanadError)?.code, .ioError)
        }
    }
}
