import Foundation
import SanadCrypto
import SanadModel

/// The append-only, hash-chained custody log (`custody.jsonl`).
///
/// Each line is one entry in RFC 8785 canonical form; `prev` is the SHA-256 of the previous
/// line's bytes. An append is one `write(2)` followed by `fsync`, so a process killed at any
/// moment leaves either the whole batch of lines or none of it.
public final class CustodyLog {
    public struct Draft: Sendable {
        public var time: String
        public var actor: String
        public var action: CustodyEntry.Action
        public var items: [String]
        public var details: JSONValue

        public init(time: String, actor: String, action: CustodyEntry.Action, items: [String] = [], details: JSONValue)
        {
            self.time = time
            self.actor = actor
            self.action = action
            self.items = items
            self.details = details
        }
    }

    public let storage: CustodyLogStorage
    public var path: String { storage.label }
    public private(set) var entries: [CustodyEntry] = []
    /// SHA-256 hex of the last line: the value that seals the whole chain.
    public private(set) var head: String = CustodyEntry.genesisPrev
    /// Signs every entry appended from now on, when the actor has a key.
    public var signer: EntrySigner?

    /// Opens an existing log for appending. A torn final line (no LF: an append that never
    /// completed) is cut off, because it was never committed. Lines that do not decode are an error.
    public convenience init(openingForAppend path: String) throws(SanadError) {
        try self.init(opening: PlainCustodyLogFile(path: path))
    }

    /// Opens the log in `storage` for appending (a plain file, or an encrypted workspace's).
    public init(opening storage: CustodyLogStorage) throws(SanadError) {
        self.storage = storage
        let raw = CustodyLogFile.split(try storage.read())
        if raw.tornTailOffset != nil { try storage.truncate(to: raw.committedLength) }
        for line in raw.lines {
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(line.bytes) } catch {
                throw SanadError(
                    .workspaceDamaged, "custody.jsonl line \(line.number) is not valid JSON",
                    hint: "Run 'sanad log --verify' to see what changed.")
            }
            switch CustodyEntry.decode(parsed) {
            case .success(let e): entries.append(e)
            case .failure(let err): throw err
            }
            head = MessageDigest.sha256Hex(line.bytes)
        }
    }

    /// Creates a new log holding its first entry.
    public static func create(path: String, first: Draft, signer: EntrySigner? = nil) throws(SanadError) -> CustodyLog {
        try create(in: PlainCustodyLogFile(path: path), first: first, signer: signer)
    }

    /// Creates a new log in `storage`, holding its first entry.
    public static func create(
        in storage: CustodyLogStorage, first: Draft, signer: EntrySigner? = nil
    ) throws(SanadError) -> CustodyLog {
        try storage.create()
        let log = try CustodyLog(opening: storage)
        log.signer = signer
        try log.append([first])
        return log
    }

    public var nextSeq: Int64 { (entries.last?.seq ?? -1) + 1 }

    /// Chains the drafts onto the log and commits them with one write and one fsync.
    @discardableResult
    public func append(_ drafts: [Draft]) throws(SanadError) -> [CustodyEntry] {
        guard !drafts.isEmpty else { return [] }
        var bytes: [UInt8] = []
        var prev = head
        var seq = nextSeq
        var made: [CustodyEntry] = []
        for d in drafts {
            var e = CustodyEntry(
                seq: seq, time: d.time, actor: d.actor, action: d.action, items: d.items,
                details: d.details, prev: prev)
            if let signer { e = try signer.signed(e) }
            let line = e.canonicalLine
            bytes += line
            bytes.append(0x0A)
            prev = MessageDigest.sha256Hex(line)
            seq += 1
            made.append(e)
        }
        try storage.append(bytes)
        entries += made
        head = prev
        return made
    }
}
