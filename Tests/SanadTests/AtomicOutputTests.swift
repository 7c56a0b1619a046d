import Foundation
import SanadIO
import SanadModel
import XCTest

/// The one way outputs are written: whole or not at all, never over an existing file unless
/// asked, and no temporary file left behind whichever way it ends.
final class AtomicOutputTests: XCTestCase {
    private func write(_ out: AtomicOutput, _ text: String) throws {
        try FileOutput.writeAll(out.fd, Array(text.utf8), what: out.path)
    }

    func testACommittedOutputHasItsBytesAndModeAndNoTemporaryFileRemains() throws {
        let dir = TempDir()
        let out = try AtomicOutput(path: "\(dir.path)/a.txt")
        try write(out, "hello")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.temporaryPath))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: "\(dir.path)/a.txt"), "nothing under the name before commit")
        try out.commit(mode: 0o640)
        XCTAssertEqual(try String(contentsOfFile: "\(dir.path)/a.txt", encoding: .utf8), "hello")
        var st = stat()
        XCTAssertEqual(stat("\(dir.path)/a.txt", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.txt"])
    }

    func testAFileThatAppearsBeforeTheCommitIsNeverReplacedUnlessAsked() throws {
        let dir = TempDir()
        let path = "\(dir.path)/a.txt"
        let out = try AtomicOutput(path: path)
        try write(out, "new")
        try "someone else's".write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try out.commit()) { XCTAssertEqual(($0 as? SanadError)?.code, .usage) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "someone else's")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.txt"])
        XCTAssertThrowsError(try AtomicOutput(path: path), "an existing file is refused before any work")
        let replacing = try AtomicOutput(path: path, replacing: true)
        try write(replacing, "new")
        try replacing.commit(replacing: true)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new")
    }

    func testAnOutputDroppedWithoutCommitLeavesNothing() throws {
        let dir = TempDir()
        do {
            let out = try AtomicOutput(path: "\(dir.path)/a.txt")
            try write(out, "half")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }
}
