import Foundation

/// The names a Sanad archive may hold (docs/FORMAT.md §5). Checked before anything is read.
enum EntryNamePolicy {
    /// Problems with one name, empty when it is acceptable.
    static func problems(_ name: String) -> [String] {
        var out: [String] = []
        if name.hasPrefix("/") { out.append("absolute path") }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains("..") { out.append("'..' component") }
        if parts.dropLast().contains("") || parts.contains(".") { out.append("empty or '.' component") }
        if name.contains("\\") { out.append("backslash") }
        if name.contains("%") { out.append("'%' (BagIt manifests cannot encode it portably)") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { out.append("control character (CR, LF…)") }
        return out
    }

    /// The key under which two names collide on case-insensitive or normalising filesystems.
    static func collisionKey(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased()
    }
}
