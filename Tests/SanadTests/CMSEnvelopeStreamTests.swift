import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// The streamed envelopes of docs/FORMAT.md §2.2: framing, opening, and every way a changed
/// envelope must fail. (Interop with `openssl cms` is in Tests/interop/test_envelopes.py.)
final class CMSEnvelopeStreamTests: XCTestCase {
    private func recipient(_ name: String) throws -> (PrivateKey, Certificate) {
        let key = try PrivateKey.generateP256()
        let cert = try CertificateBuilder.selfSigned(
            key: key, subject: .init(name: name, organization: "Court"), notBefore: Date())
        return (key, cert)
    }

    private func seal(
        _ content: [UInt8], to certs: [Certificate], chunk: Int = 7000, chunked: Bool = false
    ) throws -> [UInt8] {
        let writer = try CMSEnvelopeWriter(
            recipients: certs, contentLength: chunked ? nil : Int64(content.count))
        var out = writer.layout.header
        var i = 0
        while i < content.count {
            let end = min(i + chunk, content.count)
            try content[i..<end].withUnsafeBytes { b in try writer.update(b) { out += $0 } }
            i = end
        }
        try writer.finish { out += $0 }
        XCTAssertEqual(Int64(out.count), writer.layout.totalSize ?? Int64(out.count))
        return out
    }

    /// Opens `envelope` as a reader of an archive does: header, content in pieces, then tag.
    private func open(_ envelope: [UInt8], _ key: PrivateKey, _ cert: Certificate) throws -> (Bool, [UInt8]) {
        guard case .layout(let layout) = CMSEnvelopeLayout.parse(prefix: envelope[...]) else {
            XCTFail("no layout")
            return (false, [])
        }
        let opener = try CMSEnvelopeOpener(layout: layout, key: key, certificate: cert)
        var plain: [UInt8] = []
        let start = layout.header.count
        let end = start + Int(layout.contentLength ?? 0)
        var i = start
        while i < end {
            let j = min(i + 4099, end)
            try envelope[i..<j].withUnsafeBytes { b in try opener.update(b) { plain += $0 } }
            i = j
        }
        XCTAssertEqual(Array(envelope[end..<(end + 2)]), [0x04, 0x10])
        let ok = try opener.finish(tag: Array(envelope[(end + 2)...])) { plain += $0 }
        return (ok, plain)
    }

    func testRoundTripForEachRecipient() throws {
        let (k1, c1) = try recipient("Judge")
        let (k2, c2) = try recipient("Prosecutor")
        let content = (0..<300_001).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let envelope = try seal(content, to: [c1, c2])
        for (k, c) in [(k1, c1), (k2, c2)] {
            let (ok, plain) = try open(envelope, k, c)
            XCTAssertTrue(ok)
            XCTAssertEqual(plain, content)
        }
        guard case .layout(let layout) = CMSEnvelopeLayout.parse(prefix: envelope[...]) else { return XCTFail() }
        let (_, other) = try recipient("Clerk")
        XCTAssertEqual(layout.recipients(among: [c2, other, c1])?.matches, [2, 0])
        XCTAssertEqual(layout.recipients(among: [other])?.matches, [nil, nil])
    }

    func testEmptyContent() throws {
        let (k, c) = try recipient("Judge")
        let (ok, plain) = try open(try seal([], to: [c]), k, c)
        XCTAssertTrue(ok)
        XCTAssertEqual(plain, [])
    }

    func testChangedCiphertextOrTagFailsTheTag() throws {
        let (k, c) = try recipient("Judge")
        let envelope = try seal(Array("a threat, sent at 02:14".utf8), to: [c])
        var content = envelope
        content[envelope.count - 20] ^= 0x01  // the last content byte
        XCTAssertFalse(try open(content, k, c).0)
        var tag = envelope
        tag[envelope.count - 1] ^= 0x80
        XCTAssertFalse(try open(tag, k, c).0)
    }

    func testAnotherKeyOpensNothing() throws {
        let (_, c) = try recipient("Judge")
        let (k2, c2) = try recipient("Stranger")
        let envelope = try seal([1, 2, 3], to: [c])
        XCTAssertThrowsError(try open(envelope, k2, c2)) { error in
            XCTAssertEqual((error as? SanadError)?.code, .badKey)
        }
    }

    func testParseNeedsTheWholeHeaderAndRefusesOtherForms() throws {
        let (_, c) = try recipient("Judge")
        let envelope = try seal(Array(repeating: 7, count: 1000), to: [c])
        guard case .layout(let layout) = CMSEnvelopeLayout.parse(prefix: envelope[...]) else { return XCTFail() }
        XCTAssertEqual(CMSEnvelopeLayout.parse(prefix: envelope[..<(layout.header.count - 1)]), .needMore)
        var lengths = envelope
        lengths[1] = lengths[1] ^ 0x01  // the outer length no longer ends where the tag does
        if case .layout = CMSEnvelopeLayout.parse(prefix: lengths[...]) { XCTFail("a wrong length was accepted") }
        XCTAssertEqual(
            CMSEnvelopeLayout.parse(prefix: Array("PK\u{3}\u{4} not an envelope".utf8)[...]),
            .invalid("the envelope is missing or not in DER"))
    }

    func testKeyNewCertificatesCanReceiveEnvelopes() throws {
        XCTAssertNil(try recipient("Judge").1.envelopeProblem)
    }

    /// Reads `envelope` in pieces of `step` bytes, as an archive's reader meets them.
    private func read(
        _ envelope: [UInt8], step: Int, key: PrivateKey?, cert: Certificate?
    ) -> (CMSEnvelopeReader, [UInt8]) {
        var plain: [UInt8] = []
        let reader = CMSEnvelopeReader(key: key, certificate: cert) { plain += $0 }
        var i = 0
        while i < envelope.count {
            let j = min(i + step, envelope.count)
            envelope[i..<j].withUnsafeBytes { reader.feed($0) }
            i = j
        }
        reader.finish()
        return (reader, plain)
    }

    func testBothFramingsReadInAnyPieces() throws {
        let (k, c) = try recipient("Judge")
        let content = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for chunked in [false, true] {
            let envelope = try seal(content, to: [c], chunk: 65_536, chunked: chunked)
            XCTAssertEqual(Array(envelope.prefix(2)) == [0x30, 0x80], chunked)

            for step in [1, 3, 17, 4096, 1 << 20] where step > 1 || envelope.count < 300_000 {
                let (reader, plain) = read(envelope, step: step, key: k, cert: c)
                XCTAssertNil(reader.problem, "chunked \(chunked), step \(step)")
                XCTAssertEqual(reader.opened, .authentic)
                XCTAssertEqual(plain, content)
                XCTAssertEqual(reader.contentBytes, Int64(content.count))
            }
            let (unopened, nothing) = read(envelope, step: 5000, key: nil, cert: nil)
            XCTAssertNil(unopened.problem)
            XCTAssertEqual(unopened.opened, .notTried)
            XCTAssertEqual(nothing, [])
        }
    }

    func testChunkedEnvelopeThatIsCutOrChangedFails() throws {
        let (k, c) = try recipient("Judge")
        let envelope = try seal(Array(repeating: 9, count: 100_000), to: [c], chunked: true)
        for cut in [1, 10, 26, 27, 5000] {
            let (reader, _) = read(Array(envelope.dropLast(cut)), step: 4096, key: k, cert: c)
            XCTAssertNotNil(reader.problem, "cut \(cut)")
        }
        var flipped = envelope
        flipped[envelope.count - 500] ^= 4
        XCTAssertEqual(read(flipped, step: 4096, key: k, cert: c).0.opened, .tagFailed)
        let (extra, _) = read(envelope + [0], step: 4096, key: k, cert: c)
        XCTAssertEqual(extra.problem, "bytes follow its end")
    }
}
