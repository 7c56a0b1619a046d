import Foundation
import SanadCrypto
import SanadModel
import SanadVerify
import XCTest

/// The repository's fixed inputs for in-process tests of seal, verify and receive: the golden
/// workspace and archives (Tests/Golden) and the verifier's vectors (Tests/Vectors), with the
/// vectors' test-only keys (passphrase `vector`).
enum PipelineFixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let golden = tests.appendingPathComponent("Golden").path
    static let vectors = tests.appendingPathComponent("Vectors").path
    static let keys = "\(vectors)/_keys"
    static let sealTime = Date(timeIntervalSince1970: 1_772_618_400)  // 2026-03-04T10:00:00Z
    static let receiveTime = Date(timeIntervalSince1970: 1_772_789_400)  // 2026-03-06T09:30:00Z

    static func identity(_ name: String) throws -> SigningIdentity {
        try SigningIdentity.load(
            keyPath: "\(keys)/\(name).key", certificatePath: "\(keys)/\(name).crt", passphrase: "vector")
    }

    static func fingerprint(_ name: String) throws -> String {
        try Certificate.loadAll(pem: Array(try Data(contentsOf: URL(fileURLWithPath: "\(keys)/\(name).crt"))))[0]
            .fingerprint
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A writable copy of the golden workspace.
    static func workspaceCopy(in dir: TempDir) throws -> String {
        let copy = "\(dir.path)/ws"
        try FileManager.default.copyItem(atPath: "\(golden)/workspace", toPath: copy)
        _ = try Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+w", copy]).waitUntilExit()
        return copy
    }
}
