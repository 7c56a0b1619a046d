import Foundation
import SanadCrypto
import SanadIngest
import SanadModel
import XCTest
import SanadIO

final class StreamingCopierTests: XCTestCase {
    /// Collects what the copier writes.
    final class MemorySink: ByteSink {
        var bytes: [UInt8] = []
        func write(_ chunk: UnsafeRawBufferPointer) throws(SanadError) { bytes += chunk }
    }

    func testCopiesAndHashesExactlyAcrossChunkBoundaries() throws {
        let dir = TempDir()
        let chunk = StreamingCopier.chunkSize
        for (n, size) in [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk + 3].enumerated() {
            let data = testBytes(size, seed: UInt64(n))
            let path = dir.write("f\(n)", data)
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let sink = MemorySink()
            let r = try StreamingCopier(algorithms: [.sha256, .md5], keepingPrefix: FileTypeSniffer.prefixLength).copy(
                fromFD: fd, label: path, to: sink)
            XCTAssertEqual(r.size, Int64(size))
            XCTAssertEqual(sink.bytes, data, "size \(size)")
            XCTAssertEqual(r.digests[.sha256], sha256Hex(ofFile: path), "size \(size)")
            XCTAssertEqual(r.prefix, Array(data.prefix(FileTypeSniffer.prefixLength)))
        }
    }

    func testKnownAnswerVectors() throws {
        let dir = TempDir()
        let path = dir.write("abc", Array("abc".utf8))
        let r = try FileDigester.digest(path: path, algorithms: [.sha512, .sha1, .md5])
        XCTAssertEqual(r.digests[.sha256], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(r.digests[.sha1], "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(r.digests[.md5], "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(r.digests[.sha512]?.prefix(16), "ddaf35a193617aba")
    }
}
