import Foundation

/// What makes two entry names the same file on a case-insensitive or normalising filesystem
/// (macOS, Windows): equal after Unicode NFC and lower-casing. Verify refuses an archive with two
/// such names; ingest flags two such members of a zip. ASCII names, nearly all of them, are
/// compared and hashed with their case folded on the fly, without building a lower-cased copy
/// (a verifier sees 100,000 of them).
public struct EntryNameKey: Hashable, Sendable {
    @usableFromInline let name: String

    @inlinable
    public init(_ name: String) {
        self.name =
            name.utf8.allSatisfy({ $0 < 0x80 }) ? name : name.precomposedStringWithCanonicalMapping.lowercased()
    }

    @inlinable
    public static func == (a: EntryNameKey, b: EntryNameKey) -> Bool {
        var (x, y) = (a.name, b.name)
        return x.withUTF8 { p in
            y.withUTF8 { q in
                p.count == q.count && !zip(p, q).contains { fold($0) != fold($1) }
            }
        }
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        var x = name
        x.withUTF8 { p in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(p.count, 1)) { out in
                for i in 0..<p.count { out[i] = Self.fold(p[i]) }
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: out[..<p.count])))
            }
        }
        hasher.combine(x.utf8.count)
    }

    @inlinable
    static func fold(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
}
