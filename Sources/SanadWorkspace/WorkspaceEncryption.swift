import Foundation
import SanadCrypto
import SanadModel

/// `sanad-workspace.json`: the one file of an encrypted workspace kept in the clear. It says
/// that the workspace is encrypted, to which age recipient, where the passphrase-wrapped
/// identity is, and which recovery recipients can also unwrap it (docs/WORKSPACE.md §7). It
/// holds no name, no case id and nothing about the evidence.
public struct WorkspaceEncryption: Equatable, Sendable {
    public static let fileName = "sanad-workspace.json"
    public static let format = "sanad-workspace-encryption"
    public static let version: Int64 = 1
    public static let identityPath = "keys/identity.age"

    /// A recovery recipient: an age X25519 key (`age1…`), or an X.509 certificate.
    public struct Recovery: Equatable, Sendable {
        public var recipient: String?
        public var certificateSHA256: String?
        public var subject: String?
        /// The identity, encrypted to this recipient (`keys/recovery-N.age` or `.p7m`).
        public var file: String

        public init(recipient: String? = nil, certificateSHA256: String? = nil, subject: String? = nil, file: String) {
            self.recipient = recipient
            self.certificateSHA256 = certificateSHA256
            self.subject = subject
            self.file = file
        }

        var json: JSONValue {
            .compactObject([
                "recipient": .optional(recipient), "certificate_sha256": .optional(certificateSHA256),
                "subject": .optional(subject), "file": .string(file),
            ])
        }
    }

    /// Random, so that the kernel keyring can hold several unlocked workspaces apart.
    public var workspaceID: String
    public var recipient: String
    public var recovery: [Recovery]

    public init(workspaceID: String, recipient: String, recovery: [Recovery] = []) {
        self.workspaceID = workspaceID
        self.recipient = recipient
        self.recovery = recovery
    }

    public var json: JSONValue {
        [
            "format": .string(Self.format), "version": .int(Self.version), "workspace_id": .string(workspaceID),
            "encryption": [
                "scheme": "age-v1", "recipient": .string(recipient), "identity": .string(Self.identityPath),
                "recovery": .array(recovery.map(\.json)),
            ],
        ]
    }

    public init(json: JSONValue) throws(SanadError) {
        guard json["format"]?.stringValue == Self.format else {
            throw SanadError(.workspaceDamaged, "\(Self.fileName) does not describe an encrypted Sanad workspace")
        }
        guard let v = json["version"]?.intValue, v >= 1 else {
            throw SanadError(.workspaceDamaged, "\(Self.fileName) has no valid version")
        }
        guard v <= Self.version else {
            throw .unsupportedVersion(found: Int(v), highestSupported: Int(Self.version), what: "this workspace")
        }
        let e = json["encryption"]
        guard e?["scheme"]?.stringValue == "age-v1", let id = json["workspace_id"]?.stringValue,
            let recipient = e?["recipient"]?.stringValue, (try? AgeFile.recipient(recipient)) != nil
        else { throw SanadError(.workspaceDamaged, "\(Self.fileName) lacks its scheme, id or recipient") }
        workspaceID = id
        self.recipient = recipient
        recovery = (e?["recovery"]?.arrayValue ?? []).compactMap { r in
            guard let file = r["file"]?.stringValue else { return nil }
            return Recovery(
                recipient: r["recipient"]?.stringValue, certificateSHA256: r["certificate_sha256"]?.stringValue,
                subject: r["subject"]?.stringValue, file: file)
        }
    }

    /// The marker of the workspace at `root`, nil when there is none (a plaintext workspace).
    public static func read(root: String) throws(SanadError) -> WorkspaceEncryption? {
        let path = "\(root)/\(fileName)"
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw SanadError(.pathUnreadable, "cannot read \(path)")
            }
            return nil
        }
        let value: JSONValue
        do { value = try JSONParser.parse([UInt8](data)) } catch {
            throw SanadError(.workspaceDamaged, "\(fileName) is not valid JSON")
        }
        return try WorkspaceEncryption(json: value)
    }
}
