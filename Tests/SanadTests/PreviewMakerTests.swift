import Foundation
import SanadCustody
import SanadIngest
import SanadModel
import SanadPreview
import SanadWorkspace
import XCTest

/// `sanad preview` in a plaintext workspace: the derived files, their entry, the audit.
final class PreviewMakerTests: XCTestCase {
    private func caseWithImage() throws -> (TempDir, Workspace) {
        let dir = TempDir()
        let ws = try dir.makeWorkspace()
        let jpg = try PreviewFixtures.image(dir, "photo.jpg", width: 200, height: 100)
        let paths = [dir.write("in/photo.jpg", jpg), dir.write("in/note.txt", Array("hello".utf8))]
        _ = try Ingestor(workspace: ws).run(IngestRequest(paths: paths, fields: IntakeFields(collectedBy: "Tester")))
        return (dir, ws)
    }

    func testPreviewIsCommittedOnceAndAudited() throws {
        let (dir, ws) = try caseWithImage()
        let made = try PreviewMaker(workspace: ws).make(item: "E0001", actor: "Tester")
        XCTAssertTrue(made.created)
        XCTAssertEqual(made.path, "derived/E0001/preview.png")
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(ws.root)/\(made.path)")))
        XCTAssertEqual(PNGHeader(png).map { [$0.width, $0.height, $0.colourType] }, [24, 12, 0])
        let entries = try CustodyLog(openingForAppend: ws.custodyPath).entries
        XCTAssertEqual(entries.last?.action, .derived)
        XCTAssertEqual(entries.last?.items, ["E0001"])
        XCTAssertEqual(WorkspaceState(entries: entries).derived.first?.files.map(\.role), ["preview", "record"])
        let audit = WorkspaceAudit.run(ws).report
        XCTAssertTrue(audit.passed)
        XCTAssertTrue(audit.checks.contains { $0.name == "derived-digest" && $0.outcome == .pass })

        let again = try PreviewMaker(workspace: ws).make(item: "E0001", actor: "Tester")
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.sha256, made.sha256)
        XCTAssertEqual(try CustodyLog(openingForAppend: ws.custodyPath).entries.count, entries.count)
        withExtendedLifetime(dir) {}
    }

    func testAChangedPreviewFailsAndAnUnrecordedDerivedFileIsFlagged() throws {
        let (dir, ws) = try caseWithImage()
        let made = try PreviewMaker(workspace: ws).make(item: "E0001", actor: "Tester")
        let path = "\(ws.root)/\(made.path)"
        chmod(path, 0o644)
        FileManager.default.createFile(atPath: path, contents: Data([0x89, 0x50]))
        XCTAssertEqual(WorkspaceAudit.run(ws).report.failures.map(\.name), ["derived-digest"])

        let (dir2, ws2) = try caseWithImage()
        try FileManager.default.createDirectory(atPath: "\(ws2.root)/derived/E0002", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(ws2.root)/derived/E0002/preview.png", contents: Data([1]))
        XCTAssertEqual(WorkspaceAudit.run(ws2).report.failures.map(\.name), ["unrecorded-files"])
        XCTAssertThrowsError(try PreviewMaker(workspace: ws2).make(item: "E0001", actor: "Tester")) {
            XCTAssertEqual(($0 as? SanadError)?.code, .workspaceDamaged)
        }
        withExtendedLifetime([dir, dir2]) {}
    }

    func testANonImageOrUnknownItemIsRefused() throws {
        let (dir, ws) = try caseWithImage()
        for id in ["E0002", "E0009"] {
            XCTAssertThrowsError(try PreviewMaker(workspace: ws).make(item: id, actor: "Tester")) {
                XCTAssertEqual(($0 as? SanadError)?.code, .usage)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(ws.root)/derived"))
        withExtendedLifetime(dir) {}
    }
}
