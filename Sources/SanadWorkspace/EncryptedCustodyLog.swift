import CSanadSystem
import Foundation
import SanadCrypto
import SanadCustody
import SanadIO
import SanadModel

/// An encrypted workspace's custody log, `custody.jsonl.age`: one age file, rewritten whole
/// (temporary file, fsync, rename) at every append, so that an append is durable and whole or
/// leaves the old log. Logs are small (a few hundred bytes per entry) and appended once per
/// command, so rewriting costs little; `age -d` of the file gives the exact `custody.jsonl`.
final class EncryptedCustodyLog: CustodyLogStorage {
    let path: String
    private let key: WorkspaceKey
    private let tmpDir: String
    private var plaintext: [UInt8]?

    var label: String { "custody.jsonl.age" }

    init(path: String, key: WorkspaceKey, tmpDir: String) {
        self.path = path
        self.key = key
        self.tmpDir = tmpDir
    }

    deinit {
        if plaintext != nil { plaintext!.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
    }

    func read() throws(SanadError) -> [UInt8] {
        if let plaintext { return plaintext }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(.workspaceDamaged, "cannot read \(label)", hint: "Check that the workspace is complete.")
        }
        let bytes = try EncryptedFiles.open([UInt8](data), key: key, label: label)
        plaintext = bytes
        return bytes
    }

    func create() throws(SanadError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SanadError(.workspaceExists, "\(label) already exists")
        }
        try write([])
    }

    func append(_ bytes: [UInt8]) throws(SanadError) { try write(try read() + bytes) }

    func truncate(to length: Int) throws(SanadError) { try write(Array(try read().prefix(length))) }

    private func write(_ next: [UInt8]) throws(SanadError) {
        let sealed = try EncryptedFiles.seal(next, key: key)
        try AtomicFile.write(sealed, to: path, mode: 0o600, tmpDir: tmpDir)
        plaintext = next
    }
}

/// Small stored files of an encrypted workspace (case file, item records, custody log), as
/// whole age files to the workspace's recipient.
enum EncryptedFiles {
    /// Padded like the originals (a `sanad-pad` stanza to the Padmé length), so that an item
    /// record's size does not tell the length of the names and declarations inside it.
    static func seal(_ plaintext: [UInt8], key: WorkspaceKey) throws(SanadError) -> [UInt8] {
        var out: [UInt8] = []
        let writer = try AgeWriter(
            recipients: [key.recipient], expectedPlaintextSize: Int64(plaintext.count),
            output: { (bytes: UnsafeRawBufferPointer) throws(SanadError) in out.append(contentsOf: bytes) })
        try withRawBytes(plaintext) { (raw: UnsafeRawBufferPointer) throws(SanadError) in try writer.write(raw) }
        try writer.finish()
        return out
    }

    static func open(_ file: [UInt8], key: WorkspaceKey, label: String) throws(SanadError) -> [UInt8] {
        do { return try AgeFile.decrypt(file, identities: [key.identity]) } catch {
            throw SanadError(
                .workspaceDamaged, "\(label) cannot be decrypted with the workspace's key: \(error.message)",
                hint: "Run 'sanad log --verify'. A changed or swapped file cannot be decrypted.")
        }
    }
}
