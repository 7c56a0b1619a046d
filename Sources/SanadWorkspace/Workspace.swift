import Foundation
import SanadCustody
import SanadModel

/// A case workspace on disk. Its layout mirrors the sealed archive (see docs/WORKSPACE.md):
///
///     sanad-case.json            case metadata
///     custody.jsonl              the hash-chained custody log: the commit point
///     items/E0001.json           item metadata, immutable once committed
///     data/E0001/original.jpg    the payload view: a hard link to the stored object
///     objects/sha256/ab/ab12…    originals, content-addressed, read-only
///     tmp/                       work in progress; never part of the case
public struct Workspace: Sendable {
    public static let formatVersion: Int64 = 1
    public static let caseFileName = "sanad-case.json"

    public let root: String

    public var caseFile: String { "\(root)/\(Self.caseFileName)" }
    public var custodyPath: String { "\(root)/custody.jsonl" }
    public var itemsDir: String { "\(root)/items" }
    public var dataDir: String { "\(root)/data" }
    public var objectsDir: String { "\(root)/objects/sha256" }
    public var tmpDir: String { "\(root)/tmp" }
    public var lockPath: String { "\(root)/.lock" }

    public init(root: String) { self.root = root }

    /// Relative paths, as recorded in the log and in item metadata.
    public static func itemMetadataPath(_ id: String) -> String { "items/\(id).json" }
    public static func objectPath(sha256: String) -> String { "objects/sha256/\(sha256.prefix(2))/\(sha256)" }
    public static func payloadPath(_ id: String, fileExtension: String) -> String {
        "data/\(id)/original.\(fileExtension)"
    }

    public func absolute(_ relative: String) -> String { "\(root)/\(relative)" }

    /// An absolute path with symbolic links resolved, so that paths compare reliably.
    public static func canonicalPath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standard = (joined as NSString).standardizingPath
        guard let resolved = realpath(standard, nil) else { return standard }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens the workspace at `explicit`, or searches upward from `start` as git does.
    public static func locate(
        explicit: String?, start: String = FileManager.default.currentDirectoryPath
    ) throws(SanadError) -> Workspace {
        if let explicit {
            let root = canonicalPath(explicit)
            guard FileManager.default.fileExists(atPath: "\(root)/\(caseFileName)") else {
                throw SanadError(
                    .notAWorkspace, "\(explicit) is not a Sanad case workspace",
                    hint: "Create one with 'sanad init DIR --case-id ID --org ORG'.")
            }
            return try Workspace(root: root).checked()
        }
        var dir = canonicalPath(start)
        while true {
            if FileManager.default.fileExists(atPath: "\(dir)/\(caseFileName)") {
                return try Workspace(root: dir).checked()
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { break }
            dir = parent
        }
        throw SanadError(
            .notAWorkspace, "no Sanad case workspace here or in any parent folder",
            hint: "Pass --workspace DIR, or cd into a workspace made by 'sanad init'.")
    }

    /// Reads `sanad-case.json` and refuses newer formats.
    public func caseInfo() throws(SanadError) -> CaseInfo {
        guard let data = FileManager.default.contents(atPath: caseFile) else {
            throw SanadError(.workspaceDamaged, "cannot read \(caseFile)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse([UInt8](data)) } catch {
            throw SanadError(.workspaceDamaged, "\(Self.caseFileName) is not valid JSON: \(error.reason)")
        }
        return try CaseInfo(json: value)
    }

    private func checked() throws(SanadError) -> Workspace {
        _ = try caseInfo()
        return self
    }

    /// Creates the folder tree and the first custody entry.
    public static func create(
        at path: String, info: CaseInfo, actor: String, now: String, signer: EntrySigner? = nil
    ) throws(SanadError) -> Workspace {
        let fm = FileManager.default
        if fm.fileExists(atPath: "\(canonicalPath(path))/\(caseFileName)") {
            throw SanadError(
                .workspaceExists, "\(path) is already a case workspace",
                hint: "Use it as it is, or choose another folder.")
        }
        if let contents = try? fm.contentsOfDirectory(atPath: canonicalPath(path)), !contents.isEmpty {
            throw SanadError(.workspaceExists, "\(path) exists and is not empty", hint: "Choose a new or empty folder.")
        }
        do {
            try fm.createDirectory(
                atPath: canonicalPath(path), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SanadError(
                .ioError, "cannot create \(path): \(error.localizedDescription)",
                hint: "Check the parent folder's permissions and free space.")
        }
        let root = canonicalPath(path)
        let ws = Workspace(root: root)
        do {
            for dir in [root, ws.itemsDir, ws.dataDir, ws.objectsDir, ws.tmpDir] {
                try fm.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw SanadError(
                .ioError, "cannot create \(path): \(error.localizedDescription)",
                hint: "Check the parent folder's permissions and free space.")
        }
        let lock = try WorkspaceLock(path: ws.lockPath)
        let caseBytes = CanonicalJSON.encodePretty(info.json)
        try AtomicFile.write(caseBytes, to: ws.caseFile, mode: 0o444, tmpDir: ws.tmpDir)
        let details: JSONValue = [
            "case_id": .string(info.caseID), "organisation": .string(info.organisation),
            "case_file": .string(caseFileName), "case_file_sha256": .string(sha256(caseBytes)),
            "workspace_format": .int(formatVersion), "tool": .object(Tool.json),
        ]
        // A signed first entry names a certificate the workspace must hold first.
        if let signer { try CaseStore(ws).writeCertificate(signer.certificate) }
        _ = try CustodyLog.create(
            path: ws.custodyPath, first: .init(time: now, actor: actor, action: .caseCreated, details: details),
            signer: signer)
        AtomicFile.syncDirectory(root)
        withExtendedLifetime(lock) {}
        return ws
    }
}

import SanadCrypto
import SanadIO

func sha256(_ bytes: [UInt8]) -> String { MessageDigest.sha256Hex(bytes) }
