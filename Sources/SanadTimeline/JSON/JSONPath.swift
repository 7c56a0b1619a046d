/// Where a value sits in a JSON document: `chats.list[3].messages`, `participants[0].name`.
///
/// The streaming reader knows the path of every value outside a record, so that a parser can
/// pick out the few it needs (a chat's `name`, a thread's `title`) without holding the document.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path with the last component removed; the root for the root.
    public var parent: JSONPath { JSONPath(Array(components.dropLast())) }

    /// The last member name, if the path ends in one.
    public var lastKey: String? {
        if case .key(let k) = components.last { return k }
        return nil
    }

    /// Whether the path is `keys` exactly, with `nil` standing for any array index.
    public func matches(_ pattern: [String?]) -> Bool {
        guard pattern.count == components.count else { return false }
        for (want, have) in zip(pattern, components) {
            switch (want, have) {
            case (nil, .index): continue
            case (let k?, .key(let name)) where k == name: continue
            default: return false
            }
        }
        return true
    }

    /// `chats.list[3].messages`.
    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}

extension JSONPath {
    /// The path of member `key` of the value at this path.
    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
}
