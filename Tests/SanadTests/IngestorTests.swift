import Foundation
import SanadCustody
import SanadIngest
import SanadModel
import SanadWorkspace
import XCTest
import SanadIO

final class IngestorTests: XCTestCase {
    /// Writes normally until `limit` bytes, then fails as a full disk does.
    final class FullDiskSink: ByteSink {
        let inner: FileDescriptorSink
        let budget: Counter

        /// Shared by the copy workers, so it takes a lock.
        final class Counter {
            private var left: Int
            private let lock = NSLock()
            init(_ n: Int) { left = n }
            func take(_ n: Int) -> Bool {
                lock.lock()
                defer { lock.unlock() }
                guard left >= n else { return false }
                left -= n
                return true
            }
        }

        init(fd: Int32, budget: Counter) {
            inner = FileDescriptorSink(fd: fd, label: "test")
            self.budget = budget
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
            guard budget.take(bytes.count) else { throw SystemError.make(ENOSPC, "write test") }
            try inner.write(bytes)
        }
    }

    private func fields() -> IntakeFields { IntakeFields(collectedBy: "Tester") }

    private func logBytes(_ ws: Workspace) -> Data { FileManager.default.contents(atPath: ws.custodyPath)! }

    func testFullDiskCommitsNothingOfTheFailedBatchAndKeepsEarlierItems() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let first = dir.write("in/a.bin", testBytes(10_000, seed: 1))
        _ = try Ingestor(workspace: ws).run(IngestRequest(paths: [first], fields: fields()))
        let before = logBytes(ws)

        let big = dir.write("in2/b.bin", testBytes(3 << 20, seed: 2))
        _ = dir.write("in2/c.bin", testBytes(5000, seed: 3))
        let ingestor = Ingestor(workspace: ws)
        let counter = FullDiskSink.Counter(1 << 20)
        ingestor.makeSink = { fd, _ in FullDiskSink(fd: fd, budget: counter) }
        XCTAssertThrowsError(
            try ingestor.run(IngestRequest(paths: [(big as NSString).deletingLastPathComponent], fields: fields()))
        ) { error in
            XCTAssertEqual((error as? SanadError)?.code, .diskFull)
            XCTAssertNotNil((error as? SanadError)?.hint)
        }
        XCTAssertEqual(logBytes(ws), before, "the log must not change")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ws.tmpDir), [])
        let audit = WorkspaceAudit.run(ws)
        XCTAssertTrue(audit.report.passed)
        XCTAssertTrue(audit.report.warnings.isEmpty, "\(audit.report.warnings)")
        XCTAssertEqual(audit.itemCount, 1)
    }

    func testSameFileTwiceIsIdempotentAndSameContentElsewhereIsADuplicate() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let bytes = testBytes(4096, seed: 9)
        let a = dir.write("a/photo.jpg", bytes)
        let b = dir.write("b/copy-of-photo.jpg", bytes)
        let r1 = try Ingestor(workspace: ws).run(IngestRequest(paths: [a], fields: fields()))
        XCTAssertEqual(r1.outcomes.map(\.status), [.added])
        let logAfterFirst = logBytes(ws)

        let r2 = try Ingestor(workspace: ws).run(IngestRequest(paths: [a], fields: fields()))
        XCTAssertEqual(r2.outcomes.map(\.status), [.alreadyPresent])
        XCTAssertEqual(r2.outcomes.first?.id, "E0001")
        XCTAssertEqual(logBytes(ws), logAfterFirst)

        let r3 = try Ingestor(workspace: ws).run(IngestRequest(paths: [b], fields: fields()))
        XCTAssertEqual(r3.outcomes.map(\.status), [.duplicate])
        XCTAssertEqual(r3.outcomes.first?.id, "E0002")
        XCTAssertEqual(r3.outcomes.first?.duplicateOf, "E0001")
        let state = WorkspaceState(entries: try CustodyLog(openingForAppend: ws.custodyPath).entries)
        XCTAssertNil(state.byID["E0002"]?.objectPath, "a duplicate stores no second copy")
        XCTAssertTrue(WorkspaceAudit.run(ws).report.passed)
    }

    func testDeclaredLeftoversOfAnInterruptedBatchAreWarnedThenCleaned() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        try PendingBatch(workspace: ws).declare(["items/E0001.json"])
        FileManager.default.createFile(atPath: "\(ws.root)/items/E0001.json", contents: Data("{}".utf8))
        FileManager.default.createFile(atPath: "\(ws.root)/tmp/ingest-1-2", contents: Data([1, 2, 3]))
        let audit = WorkspaceAudit.run(ws)
        XCTAssertTrue(audit.report.passed)
        XCTAssertEqual(audit.report.warnings.map(\.name), ["uncommitted-files"])

        let f = dir.write("x.txt", Array("hello".utf8))
        let r = try Ingestor(workspace: ws).run(IngestRequest(paths: [f], fields: fields()))
        XCTAssertEqual(r.outcomes.first?.id, "E0001", "leftovers never take exhibit numbers")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(ws.root)/tmp/ingest-1-2"))
        XCTAssertTrue(WorkspaceAudit.run(ws).report.checks.allSatisfy { $0.outcome == .pass || $0.outcome == .info })
    }

    func testUndeclaredFilesAreNeverDeletedAndBlockWrites() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        FileManager.default.createFile(atPath: "\(ws.root)/items/E0009.json", contents: Data("{}".utf8))
        let audit = WorkspaceAudit.run(ws)
        XCTAssertFalse(audit.report.passed)
        XCTAssertEqual(audit.report.failures.map(\.name), ["unrecorded-files"])
        let f = dir.write("x.txt", Array("hello".utf8))
        XCTAssertThrowsError(try Ingestor(workspace: ws).run(IngestRequest(paths: [f], fields: fields()))) { error in
            XCTAssertEqual((error as? SanadError)?.code, .workspaceDamaged)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(ws.root)/items/E0009.json"))
    }

    /// Regression: a log cut back to an older state (a restored backup) made the next `add`
    /// delete the files of the lost items as if they were crash leftovers.
    func testTruncatedLogIsDetectedAndItsItemsAreKept() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let files = (1...3).map { dir.write("in/f\($0).bin", testBytes(1000, seed: UInt64($0))) }
        _ = try Ingestor(workspace: ws).run(IngestRequest(paths: files, fields: fields()))
        let lines = CustodyLogFile.split([UInt8](FileManager.default.contents(atPath: ws.custodyPath)!)).lines
        XCTAssertEqual(lines.count, 7)
        FileManager.default.createFile(
            atPath: ws.custodyPath, contents: Data(lines.prefix(3).flatMap { $0.bytes + [0x0A] }))

        let audit = WorkspaceAudit.run(ws)
        XCTAssertEqual(audit.report.failures.map(\.name), ["unrecorded-files"])
        let extra = dir.write("more.bin", testBytes(10, seed: 99))
        XCTAssertThrowsError(try Ingestor(workspace: ws).run(IngestRequest(paths: [extra], fields: fields())))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(ws.root)/items/E0002.json"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(ws.root)/items/E0003.json"))
    }

    func testSecondWriterIsRefusedWhileTheWorkspaceIsLocked() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let lock = try WorkspaceLock(path: ws.lockPath)
        let f = dir.write("x.txt", Array("hello".utf8))
        XCTAssertThrowsError(try Ingestor(workspace: ws).run(IngestRequest(paths: [f], fields: fields()))) { error in
            XCTAssertEqual((error as? SanadError)?.code, .workspaceLocked)
        }
        withExtendedLifetime(lock) {}
    }

    func testMissingPathAddsNothingEvenWithValidPathsBeside() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let good = dir.write("good.txt", Array("ok".utf8))
        let before = logBytes(ws)
        XCTAssertThrowsError(
            try Ingestor(workspace: ws).run(IngestRequest(paths: [good, "\(dir.path)/missing"], fields: fields()))
        ) { error in
            XCTAssertEqual((error as? SanadError)?.code, .pathNotFound)
        }
        XCTAssertEqual(logBytes(ws), before)
    }

    func testZipMembersBecomeChildItemsWithTheirOwnDigests() throws {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let chat = Array("[01/03/2026, 21:14:05] A: hi\r\n".utf8)
        _ = dir.write("z/_chat.txt", chat)
        _ = dir.write("z/IMG-1.jpg", [0xFF, 0xD8, 0xFF, 0xE0] + testBytes(100, seed: 4))
        let zip = "\(dir.path)/export.zip"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        p.currentDirectoryURL = URL(fileURLWithPath: "\(dir.path)/z")
        p.arguments = ["-q", "-X", zip, "_chat.txt", "IMG-1.jpg"]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)

        let r = try Ingestor(workspace: ws).run(IngestRequest(paths: [zip], fields: fields()))
        XCTAssertEqual(r.outcomes.first?.memberCount, 2)
        XCTAssertFalse(r.hadMalformedInput)
        let meta = try JSONParser.parse([UInt8](FileManager.default.contents(atPath: "\(ws.root)/items/E0001.json")!))
        let members = meta["members"]!.arrayValue!
        XCTAssertEqual(members.map { $0["id"]!.stringValue! }, ["E0001.1", "E0001.2"])
        XCTAssertEqual(members[0]["member_path"], "_chat.txt")
        XCTAssertEqual(members[0]["digests"]?["sha256"]?.stringValue, sha256Hex(ofFile: "\(dir.path)/z/_chat.txt"))
        XCTAssertEqual(members[0]["type"]?["mime"], "text/plain; charset=utf-8")
        XCTAssertEqual(members[1]["type"]?["mime"], "image/jpeg")
        XCTAssertEqual(meta["member_scan"]?["status"], "complete")
    }
}
