import CSanadSystem
import Foundation
import SanadArchive
import SanadIngest
import SanadModel
import XCTest
import SanadIO

final class DirectFileWriterTests: XCTestCase {
    private let block = 1 << 20

    /// Whole aligned blocks bypass the page cache, the short tail goes through it, and the file
    /// holds exactly what was written. `mincore` shows which pages the cache holds: a direct
    /// write leaves none behind, a buffered one does.
    func testAlignedBlocksGoDirectAndTheTailThroughTheCache() throws {
        let dir = TempDir()
        try skipUnlessDirectIO(dir.path)
        let path = "\(dir.path)/out"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let data = testBytes(3 * block + 100, seed: 7)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: block, alignment: DirectFileWriter.alignment)
        defer { buffer.deallocate() }
        let writer = DirectFileWriter(fd: fd, label: path)
        XCTAssertTrue(writer.isDirect)
        var wentDirect: [Bool] = []
        for start in stride(from: 0, to: data.count, by: block) {
            let piece = data[start..<min(data.count, start + block)]
            piece.withUnsafeBytes { buffer.copyMemory(from: $0) }
            wentDirect.append(try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<piece.count])))
        }
        XCTAssertEqual(fsync(fd), 0)
        close(fd)
        XCTAssertEqual(wentDirect, [true, true, true, false])
        XCTAssertFalse(writer.isDirect)
        XCTAssertEqual(writer.offset, Int64(data.count))
        // Before reading the file back, which would bring it all into the cache.
        let cached = try residentPages(path)
        XCTAssertEqual(
            cached.prefix(3 * block / 4096).filter { $0 }.count, 0, "direct blocks must not be in the page cache")
        XCTAssertEqual(cached.last, true, "the buffered tail is in the page cache")
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), data)
    }

    /// A buffer whose address is not aligned cannot go direct: it is written through the cache,
    /// and so is the rest of the file, whatever its alignment.
    func testUnalignedAddressFallsBackToTheCache() throws {
        let dir = TempDir()
        try skipUnlessDirectIO(dir.path)
        let path = "\(dir.path)/out"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        let writer = DirectFileWriter(fd: fd, label: path)
        let raw = UnsafeMutableRawBufferPointer.allocate(
            byteCount: 2 * block + 4096, alignment: DirectFileWriter.alignment)
        defer { raw.deallocate() }
        let data = testBytes(2 * block, seed: 3)
        data.withUnsafeBytes { (raw.baseAddress! + 1).copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        XCTAssertFalse(try writer.write(UnsafeRawBufferPointer(start: raw.baseAddress! + 1, count: block)))
        data.withUnsafeBytes { raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[block...])) }
        XCTAssertFalse(
            try writer.write(UnsafeRawBufferPointer(rebasing: raw[0..<block])), "once buffered, always buffered")
        close(fd)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), data)
    }

    /// `direct: false` never turns O_DIRECT on.
    func testDirectCanBeRefused() throws {
        let dir = TempDir()
        let path = "\(dir.path)/out"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        defer { close(fd) }
        let writer = DirectFileWriter(fd: fd, label: path, direct: false)
        XCTAssertFalse(writer.isDirect)
        XCTAssertEqual(fcntl(fd, F_GETFL) & 0o40000, 0)  // O_DIRECT on x86_64 Linux
    }

    /// A write error keeps its code: EBADF on a descriptor open only for reading is an I/O error.
    func testWriteErrorsAreTyped() throws {
        let dir = TempDir()
        let path = dir.write("ro", [1, 2, 3])
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let writer = DirectFileWriter(fd: fd, label: path)
        let bytes: [UInt8] = [1, 2, 3]
        XCTAssertThrowsError(try bytes.withUnsafeBytes { (raw) throws(SanadError) in try writer.write(raw) }) { error in
            XCTAssertEqual((error as? SanadError)?.code, .ioError)
        }
    }

    /// An ingest copy goes direct, but a zip stays in the cache for the member scan that reads it
    /// again at once.
    func testIngestSinkKeepsZipsCached() throws {
        let dir = TempDir()
        try skipUnlessDirectIO(dir.path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: block, alignment: DirectFileWriter.alignment)
        defer { buffer.deallocate() }
        for (name, head) in [("plain", [UInt8](repeating: 0x41, count: 4)), ("zip", [0x50, 0x4B, 0x03, 0x04])] {
            let path = "\(dir.path)/\(name)"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            let data = head + testBytes(block - 4, seed: 9)
            data.withUnsafeBytes { buffer.copyMemory(from: $0) }
            try FileDescriptorSink(fd: fd, label: path, direct: true).write(UnsafeRawBufferPointer(buffer))
            XCTAssertEqual(fsync(fd), 0)
            close(fd)
            let cached = try residentPages(path).filter { $0 }.count
            if name == "zip" { XCTAssertEqual(cached, block / 4096, name) } else { XCTAssertEqual(cached, 0, name) }
        }
    }

    private func skipUnlessDirectIO(_ dir: String) throws {
        let probe = "\(dir)/.probe"
        let fd = open(probe, O_WRONLY | O_CREAT, 0o600)
        defer { close(fd); unlink(probe) }
        if csanad_set_direct(fd, 1) != 0 { throw XCTSkip("\(dir) does not support O_DIRECT") }
    }

    /// One flag per page of the file: is it in the page cache?
    private func residentPages(_ path: String) throws -> [Bool] {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var st = stat()
        XCTAssertEqual(fstat(fd, &st), 0)
        let size = Int(st.st_size)
        let map = try XCTUnwrap(mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0))
        XCTAssertNotEqual(map, MAP_FAILED)
        defer { munmap(map, size) }
        var vec = [UInt8](repeating: 0, count: (size + 4095) / 4096)
        XCTAssertEqual(mincore(map, size, &vec), 0)
        return vec.map { $0 & 1 == 1 }
    }
}
