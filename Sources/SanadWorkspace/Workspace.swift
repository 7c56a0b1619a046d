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
    /// Set when the workspace is encrypted at rest (its `sanad-workspace.json`).
    public var encryption: WorkspaceEncryption?
    /// The unlocked key of an encrypted workspace; nil until a command unlocks it.
    public var key: WorkspaceKey?

    public var isEncrypted: Bool { encryption != nil }

    public var caseFile: String { "\(root)/\(Self.caseFileName)" }
    public var custodyPath: String { "\(root)/custody.jsonl" }
    public var itemsDir: String { "\(root)/items" }
    public var dataDir: String { "\(root)/data" }
    public var objectsDir: String { "\(root)/objects/sha256" }
    public var tmpDir: String { "\(root)/tmp" }
    public var lockPath: String { "\(root)/.lock" }

    public init(root: String) {
        self.root = root
        encryption = try? WorkspaceEncryption.read(root: root)
    }

    /// The same workspace with its key.
    public func unlocked(with key: WorkspaceKey) -> Workspace {
        var ws = self
        ws.key = key
        return ws
    }

    /// Whether `dir` holds a workspace: a case file in the clear, or an encrypted one's marker.
    static func isWorkspace(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: "\(dir)/\(caseFileName)")
            || fm.fileExists(atPath: "\(dir)/\(WorkspaceEncryption.fileName)")
    }

    /// Relative paths, as recorded in the log and in item metadata.
    public static func itemMetadataPath(_ id: String) -> String { "items/\(id).json" }
    /// Where an encrypted workspace keeps its originals, named by a keyed MAC (docs/WORKSPACE.md §7).
    public static let keyedObjectsFolder = "objects/keyed"
    public var keysDir: String { "\(root)/keys" }

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
            guard isWorkspace(root) else {
                throw SanadError(
                    .notAWorkspace, "\(explicit) is not a Sanad case workspace",
                    hint: "Create one with 'sanad init DIR --case-id ID --org ORG'.")
            }
            return try Workspace(root: root).checked()
        }
        var dir = canonicalPath(start)
        while true {
            if isWorkspace(dir) {
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

    /// Reads `sanad-case.json` (decrypted, in an encrypted workspace) and refuses newer formats.
    public func caseInfo() throws(SanadError) -> CaseInfo {
        guard let data = try CaseStore(self).readCaseFileChecked() else {
            throw SanadError(.workspaceDamaged, "cannot read \(caseFile)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch {
            throw SanadError(.workspaceDamaged, "\(Self.caseFileName) is not valid JSON: \(error.reason)")
        }
        return try CaseInfo(json: value)
    }

    private func checked() throws(SanadError) -> Workspace {
        // An encrypted workspace's marker was read in init; its case file waits for the key.
        if !isEncrypted, FileManager.default.fileExists(atPath: "\(root)/\(WorkspaceEncryption.fileName)") {
            _ = try WorkspaceEncryption.read(root: root)
        }
        if !isEncrypted { _ = try caseInfo() }
        return self
    }

    /// What `create` needs to make an encrypted workspace: the new key, the identity file that
    /// wraps it with the passphrase, the identity wrapped for each recovery recipient, and the
    /// marker naming them.
    public struct NewEncryption {
        public var key: WorkspaceKey
        public var marker: WorkspaceEncryption
        public var identityFile: [UInt8]
        public var recoveryFiles: [(path: String, bytes: [UInt8])]

        public init(
            key: WorkspaceKey, marker: WorkspaceEncryption, identityFile: [UInt8],
            recoveryFiles: [(path: String, bytes: [UInt8])]
        ) {
            self.key = key
            self.marker = marker
            self.identityFile = identityFile
            self.recoveryFiles = recoveryFiles
        }
    }

    /// Creates the folder tree and the first custody entry; encrypted when `encryption` is given.
    public static func create(
        at path: String, info: CaseInfo, actor: String, now: String, encryption: NewEncryption? = nil,
        signer: EntrySigner? = nil
    ) throws(SanadError) -> Workspace {
        let fm = FileManager.default
        if isWorkspace(canonicalPath(path)) {
            throw SanadError(
                .workspaceExists, "\(path) is already a case workspace",
                hint: "Use it as it is, or choose another folder.")
        }
        if let contents = try? fm.contentsOfDirectory(atPath: canonicalPath(path)), !contents.isEmpty {
            throw SanadError(.workspaceExists, "\(path) exists and is not empty", hint: "Choose a new or empty folder.")
        }
        try makeFolders([canonicalPath(path)], shownAs: path)
        let root = canonicalPath(path)
        var ws = Workspace(root: root)
        if let encryption {
            try makeFolders(
                [ws.itemsDir, ws.absolute(keyedObjectsFolder), ws.tmpDir, ws.keysDir], shownAs: path)
            try AtomicFile.write(
                encryption.identityFile, to: ws.absolute(WorkspaceEncryption.identityPath), mode: 0o400,
                tmpDir: ws.tmpDir)
            for f in encryption.recoveryFiles {
                try AtomicFile.write(f.bytes, to: ws.absolute(f.path), mode: 0o444, tmpDir: ws.tmpDir)
            }
            ws.encryption = encryption.marker
            ws.key = encryption.key
        } else {
            try makeFolders([ws.itemsDir, ws.dataDir, ws.objectsDir, ws.tmpDir], shownAs: path)
        }
        let lock = try WorkspaceLock(path: ws.lockPath)
        let store = CaseStore(ws)
        let caseBytes = CanonicalJSON.encodePretty(info.json)
        try store.writeCaseFile(caseBytes)
        let details: JSONValue = [
            "case_id": .string(info.caseID), "organisation": .string(info.organisation),
            "case_file": .string(caseFileName), "case_file_sha256": .string(sha256(caseBytes)),
            "workspace_format": .int(formatVersion), "tool": .object(Tool.json),
        ]
        // A signed first entry names a certificate the workspace must hold first.
        if let signer { try store.writeCertificate(signer.certificate) }
        _ = try CustodyLog.create(
            in: try store.custodyStorage(),
            first: .init(time: now, actor: actor, action: .caseCreated, details: details),
            signer: signer)
        // The marker comes last: a folder without it is not a workspace, so an interrupted
        // init leaves nothing a later command would take for a case.
        if let encryption {
            try AtomicFile.write(
                CanonicalJSON.encodePretty(encryption.marker.json), to: ws.absolute(WorkspaceEncryption.fileName),
                mode: 0o444, tmpDir: ws.tmpDir)
        }
        AtomicFile.syncDirectory(root)
        withExtendedLifetime(lock) {}
        return ws
    }

    private static func makeFolders(_ dirs: [String], shownAs path: String) throws(SanadError) {
        do {
            for dir in dirs {
                try FileManager.default.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw SanadError(
                .ioError, "cannot create \(path): \(error.localizedDescription)",
                hint: "Check the parent folder's permissions and free space.")
        }
    }
}

import SanadCrypto
import SanadIO

func sha256(_ bytes: [UInt8]) -> String { MessageDigest.sha256Hex(bytes) }
