import SanadModel

/// A strict RFC 8259 parser for one record (a message object) that builds values only for the
/// top-level members a parser reads, and checks the rest without building them.
///
/// A Telegram message carries its text twice (`text` and `text_entities`) and much else no
/// event uses; building every string and dictionary of a 200,000-message export costs more
/// than reading it. Skipped members are still checked in full (syntax, escapes, UTF-8,
/// nesting), so a record is accepted or refused exactly as a full parser would, except that
/// a member name repeated inside a skipped value is not looked for.
struct JSONElementParser {
    struct Failure: Error {}

    private let p: UnsafeRawBufferPointer
    private var i = 0
    private let maxDepth: Int
    private var scratch: [UInt8] = []

    private init(_ p: UnsafeRawBufferPointer, maxDepth: Int) {
        self.p = p
        self.maxDepth = maxDepth
    }

    /// The members of the record that `keep` accepts; nil when the bytes are not one valid
    /// JSON object, or when a kept member appears twice.
    static func members(_ bytes: [UInt8], maxDepth: Int = 64, keep: (String) -> Bool) -> JSONMembers? {
        bytes.withUnsafeBytes { raw -> JSONMembers? in
            var parser = JSONElementParser(raw, maxDepth: maxDepth)
            do throws(Failure) {
                parser.space()
                guard parser.i < raw.count, raw[parser.i] == 0x7B else { return nil }
                let value = try parser.topLevel(keep: keep)
                parser.space()
                guard parser.i == raw.count else { return nil }
                return value
            } catch {
                return nil
            }
        }
    }

    private mutating func space() {
        while i < p.count {
            switch p[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func expect(_ b: UInt8) throws(Failure) {
        guard i < p.count, p[i] == b else { throw Failure() }
        i += 1
    }

    /// The record's own object: only the members `keep` accepts are built, the others skipped.
    private mutating func topLevel(keep: (String) -> Bool) throws(Failure) -> JSONMembers {
        var members = JSONMembers()
        try eachMember { (p: inout JSONElementParser, key: String) throws(Failure) in
            if keep(key) {
                guard members.add(key, try p.value(depth: 1)) else { throw Failure() }
            } else {
                try p.skip(depth: 1)
            }
        }
        return members
    }

    /// A nested object, built whole.
    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        guard depth < maxDepth else { throw Failure() }
        var members: [String: JSONValue] = [:]
        try eachMember { (p: inout JSONElementParser, key: String) throws(Failure) in
            guard members[key] == nil else { throw Failure() }
            members[key] = try p.value(depth: depth + 1)
        }
        return .object(members)
    }

    /// Reads an object from its `{` to its `}`, handing each member's name to `member`, which
    /// reads (or skips) the value that follows.
    private mutating func eachMember(
        _ member: (inout JSONElementParser, String) throws(Failure) -> Void
    ) throws(Failure) {
        i += 1
        space()
        if i < p.count, p[i] == 0x7D {
            i += 1
            return
        }
        while true {
            space()
            guard i < p.count, p[i] == 0x22 else { throw Failure() }
            let key = try string(build: true) ?? ""
            space()
            try expect(0x3A)
            space()
            try member(&self, key)
            space()
            guard i < p.count else { throw Failure() }
            if p[i] == 0x2C {
                i += 1
                continue
            }
            try expect(0x7D)
            return
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard i < p.count else { throw Failure() }
        switch p[i] {
        case 0x7B: return try object(depth: depth)
        case 0x5B:
            guard depth < maxDepth else { throw Failure() }
            i += 1
            var items: [JSONValue] = []
            space()
            if i < p.count, p[i] == 0x5D { i += 1; return .array(items) }
            while true {
                space()
                items.append(try value(depth: depth + 1))
                space()
                guard i < p.count else { throw Failure() }
                if p[i] == 0x2C { i += 1; continue }
                try expect(0x5D)
                return .array(items)
            }
        case 0x22: return .string(try string(build: true) ?? "")
        default: return try scalar(build: true)
        }
    }

    /// Checks a value without building it.
    private mutating func skip(depth: Int) throws(Failure) {
        guard i < p.count else { throw Failure() }
        switch p[i] {
        case 0x7B, 0x5B:
            guard depth < maxDepth else { throw Failure() }
            let isObject = p[i] == 0x7B
            let close: UInt8 = isObject ? 0x7D : 0x5D
            i += 1
            space()
            if i < p.count, p[i] == close { i += 1; return }
            while true {
                space()
                if isObject {
                    guard i < p.count, p[i] == 0x22 else { throw Failure() }
                    _ = try string(build: false)
                    space()
                    try expect(0x3A)
                    space()
                }
                try skip(depth: depth + 1)
                space()
                guard i < p.count else { throw Failure() }
                if p[i] == 0x2C { i += 1; continue }
                try expect(close)
                return
            }
        case 0x22: _ = try string(build: false)
        default: _ = try scalar(build: false)
        }
    }

    /// A string at the opening quote; checks escapes and UTF-8, and builds it when asked.
    private mutating func string(build: Bool) throws(Failure) -> String? {
        i += 1
        let start = i
        var escaped = false
        while i < p.count {
            let b = p[i]
            if b == 0x22 { break }
            if b == 0x5C { escaped = true; i += 2; continue }
            if b < 0x20 { throw Failure() }
            if b < 0x80 { i += 1; continue }
            guard let (_, length) = UTF8Scalar.decode(p, at: i) else { throw Failure() }
            i += length
        }
        guard i < p.count else { throw Failure() }
        let end = i
        i += 1
        guard escaped else {
            return build ? String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<end]), as: UTF8.self) : nil
        }
        // Escapes: decode through the strict parser, which also checks them.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[(start - 1)...end]))
        guard let s = (try? JSONParser.parse(scratch))?.stringValue else { throw Failure() }
        return build ? s : nil
    }

    /// A number or literal, checked by the strict parser.
    private mutating func scalar(build: Bool) throws(Failure) -> JSONValue {
        let start = i
        while i < p.count {
            switch p[i] {
            case 0x30...0x39, 0x61...0x7A, 0x2B, 0x2D, 0x2E, 0x45: i += 1
            default:
                return try finishScalar(start)
            }
        }
        return try finishScalar(start)
    }

    private func finishScalar(_ start: Int) throws(Failure) -> JSONValue {
        let token = UnsafeRawBufferPointer(rebasing: p[start..<i])
        guard !token.isEmpty else { throw Failure() }
        switch token.count {
        case 4 where token.elementsEqual("true".utf8): return .bool(true)
        case 4 where token.elementsEqual("null".utf8): return .null
        case 5 where token.elementsEqual("false".utf8): return .bool(false)
        default: break
        }
        // A plain integer, the common case, without the general parser.
        if token.count <= 18, token.allSatisfy({ (0x30...0x39).contains($0) }), token.count == 1 || token[0] != 0x30 {
            var v: Int64 = 0
            for d in token { v = v * 10 + Int64(d - 0x30) }
            return .int(v)
        }
        guard let value = try? JSONParser.parse(Array(token)) else { throw Failure() }
        return value
    }
}
