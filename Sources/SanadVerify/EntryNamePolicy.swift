import Foundation

/// The names a Sanad archive may hold (docs/FORMAT.md §1). Checked before anything is read.
enum EntryNamePolicy {
    /// Problems with one name, empty when it is acceptable. Read from the name's bytes: a case
    /// can hold 100,000 entries.
    static func problems(_ name: String) -> [String] {
        var name = name
        return name.withUTF8 { problems(bytes: $0) }
    }

    private static func problems(bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var empty = false, dot = false, dotDot = false, backslash = false, percent = false, control = false
        var start = 0
        for i in 0...bytes.count {
            let b: UInt8 = i < bytes.count ? bytes[i] : 0x2F
            switch b {
            case 0x2F:
                let length = i - start
                if length == 0, i < bytes.count { empty = true }
                if length == 1, bytes[start] == 0x2E { dot = true }
                if length == 2, bytes[start] == 0x2E, bytes[start + 1] == 0x2E { dotDot = true }
                start = i + 1
            case 0x5C: backslash = true
            case 0x25: percent = true
            case 0x00..<0x20, 0x7F: control = true
            default: break
            }
        }
        guard bytes.first == 0x2F || empty || dot || dotDot || backslash || percent || control else { return [] }
        var out: [String] = []
        if bytes.first == 0x2F { out.append("absolute path") }
        if dotDot { out.append("'..' component") }
        if empty || dot { out.append("empty or '.' component") }
        if backslash { out.append("backslash") }
        if percent { out.append("'%' (BagIt manifests cannot encode it portably)") }
        if control { out.append("control character (CR, LF…)") }
        return out
    }
}
