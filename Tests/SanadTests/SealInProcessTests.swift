import Foundation
import SanadArchive
import SanadCrypto
import SanadModel
import SanadSeal
import SanadWorkspace
import XCTest

/// `Sealer` run in-process on the golden workspace: it makes the golden archives byte for byte,
/// and a stored original changed on disk stops the seal, naming the exhibit, with nothing written.
final class SealInProcessTests: XCTestCase {
    private func seal(_ format: ArchiveWriter.Format, workspace: String, out: String) throws -> SealResult {
        let ws = try Workspace.locate(explicit: workspace)
        return try Sealer(workspace: ws).seal(
            SealRequest(
                identity: try PipelineFixtures.identity("signer"), outputPath: out, format: format,
                sealTime: PipelineFixtures.sealTime))
    }

    func testSealMakesTheGoldenZipAndTarByteForByte() throws {
        for format in [ArchiveWriter.Format.zip, .tar] {
            let dir = TempDir()
            let out = "\(dir.path)/sealed.\(format.rawValue)"
            let result = try seal(format, workspace: try PipelineFixtures.workspaceCopy(in: dir), out: out)
            let golden = try PipelineFixtures.bytes("\(PipelineFixtures.golden)/sealed.\(format.rawValue)")
            let made = try PipelineFixtures.bytes(out)
            XCTAssertEqual(made.count, golden.count, "\(format)")
            XCTAssertTrue(made == golden, "\(format): the sealed archive differs from Tests/Golden")
            XCTAssertEqual(result.sha256, MessageDigest.sha256Hex(golden))
        }
    }

    func testAChangedStoredOriginalStopsTheSealNamingItsExhibit() throws {
        let dir = TempDir()
        let ws = try PipelineFixtures.workspaceCopy(in: dir)
        let objects = FileManager.default.enumerator(atPath: "\(ws)/objects/sha256")!.compactMap { $0 as? String }
        let victim = try XCTUnwrap(objects.sorted().first { !$0.hasSuffix("/") && $0.count > 3 && $0.contains("/") })
        var bytes = try PipelineFixtures.bytes("\(ws)/objects/sha256/\(victim)")
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: "\(ws)/objects/sha256/\(victim)"))
        let out = "\(dir.path)/sealed.zip"
        XCTAssertThrowsError(try seal(.zip, workspace: ws, out: out)) { error in
            let e = error as? SanadError
            XCTAssertEqual(e?.code, .workspaceDamaged, "\(error)")
            XCTAssertTrue(e?.message.contains("no longer matches its recorded SHA-256") == true, "\(error)")
            XCTAssertTrue(e?.message.hasPrefix("E") == true, "the message names the exhibit: \(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["ws"])
    }
}
