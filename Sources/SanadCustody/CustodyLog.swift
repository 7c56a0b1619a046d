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

    public let path: String
    public private(set) var entries: [CustodyEntry] = []
    /// SHA-256 hex of the last line: the value that seals the whole chain.
    public private(set) var head: String = CustodyEntry.genesisPrev
    /// Signs every entry appended from now on, when the actor has a key.
    public var signer: EntrySigner?

    /// Opens an existing log for appending. A torn final line (no LF: an append that never
    /// completed) is cut off, because it was never committed. Lines that do not decode are an error.
    public init(openingForAppend path: String) throws(SanadError) {
        self.path = path
        let raw = try CustodyLogFile.read(path)
        if raw.tornTailOffset != nil { try CustodyLogFile.truncate(path, to: raw.committedLength) }
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
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SanadError(.workspaceExists, "\(path) already exists")
        }
        try CustodyLogFile.append(path, bytes: [], create: true)
        let log = try CustodyLog(openingForAppend: path)
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
        try CustodyLogFile.append(path, bytes: bytes, create: false)
        entries += made
        head = prev
        return made
    }
}
