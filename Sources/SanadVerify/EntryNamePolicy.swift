import Foundation

/// The names a Sanad archive may hold (docs/FORMAT.md §1). Checked before anything is read.
enum EntryNamePolicy {
    /// Problems with one name, empty when it is acceptable. Read from the name's bytes: a case
    /// can hold 100,000 entries.
    static func problems(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        var empty = false, dot = false, dotDot = false
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x2F {
            let length = i - start
            if length == 0, i < bytes.count { empty = true }
            if length == 1, bytes[start] == 0x2E { dot = true }
            if length == 2, bytes[start] == 0x2E, bytes[start + 1] == 0x2E { dotDot = true }
            start = i + 1
        }
        var out: [String] = []
        if bytes.first == 0x2F { out.append("absolute path") }
        if dotDot { out.append("'..' component") }
        if empty || dot { out.append("empty or '.' component") }
        if bytes.contains(0x5C) { out.append("backslash") }
        if bytes.contains(0x25) { out.append("'%' (BagIt manifests cannot encode it portably)") }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { out.append("control character (CR, LF…)") }
        return out
    }

    /// The key under which two names collide on case-insensitive or normalising filesystems.
    /// An ASCII name is its own NFC form, and lower-cases byte by byte.
    static func collisionKey(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        return name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
