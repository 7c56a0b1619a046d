/// A strict RFC 8259 parser: rejects duplicate member names (I-JSON, required by RFC 8785),
/// lone surrogates, trailing content and nesting deeper than `maxDepth`.
public struct JSONParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(Failure) -> JSONValue {
        if let value = bytes.withContiguousStorageIfAvailable({ b in
            Result { () throws(Failure) in try parse(b, maxDepth: maxDepth) }
        }) {
            return try value.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { b throws(Failure) in try parse(b, maxDepth: maxDepth) }
    }

    public static func parse(_ text: String) throws(Failure) -> JSONValue { try parse(Array(text.utf8)) }

    /// The parser reads through a pointer: a custody log or a chat export is millions of
    /// small values, and bounds-checked collection access cost more than the parsing.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 64) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        parser.skipSpace()
        let value = try parser.parseValue(depth: 0)
        parser.skipSpace()
        guard parser.pos == parser.bytes.count else { throw parser.fail("unexpected content after the document") }
        return value
    }

    /// The members of a document that is one object, in the order they are written, without
    /// building the object: for a caller that reads each member once, into fields of its own.
    /// Names are NOT checked for duplicates here: only for bytes already known to be RFC 8785
    /// canonical (`CanonicalJSON.isCanonical`), whose names are strictly increasing. Nil when
    /// the document is not an object.
    public static func membersInOrder(
        ofCanonical bytes: UnsafeBufferPointer<UInt8>,
        maxDepth: Int = 64
    ) throws(Failure) -> [(key: String, value: JSONValue)]? {
        try membersInOrder(ofCanonical: bytes, deferring: nil, maxDepth: maxDepth)?.members
    }

    /// As above, but the value of member `deferring` is not read: it stands as `.null` among
    /// the members, and `deferred` says where its bytes are, for the caller to read them (or
    /// not) as it needs.
    public static func membersInOrder(
        ofCanonical bytes: UnsafeBufferPointer<UInt8>, deferring: String?,
        maxDepth: Int = 64
    ) throws(Failure) -> (members: [(key: String, value: JSONValue)], deferred: Range<Int>?)? {
        var deferred: Range<Int>?
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        guard parser.pos < bytes.count, bytes[parser.pos] == UInt8(ascii: "{") else { return nil }
        parser.pos += 1
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(10)
        if parser.pos < bytes.count, bytes[parser.pos] == UInt8(ascii: "}") { return (members, nil) }
        while true {
            guard parser.pos < bytes.count, bytes[parser.pos] == UInt8(ascii: "\"") else {
                throw parser.fail("expected a member name")
            }
            let key = try parser.parseString()
            guard parser.pos < bytes.count, bytes[parser.pos] == UInt8(ascii: ":") else {
                throw parser.fail("expected ':'")
            }
            parser.pos += 1
            if key == deferring {
                let start = parser.pos
                try parser.skipValue(depth: 1)
                deferred = start..<parser.pos
                members.append((key, .null))
            } else {
                members.append((key, try parser.parseValue(depth: 1)))
            }
            guard parser.pos < bytes.count else { throw parser.fail("unterminated object") }
            if bytes[parser.pos] == UInt8(ascii: ",") { parser.pos += 1; continue }
            if bytes[parser.pos] == UInt8(ascii: "}") { parser.pos += 1; break }
            throw parser.fail("expected ',' or '}'")
        }
        guard parser.pos == bytes.count else { throw parser.fail("unexpected content after the document") }
        return (members, deferred)
    }

    /// Steps over one value without building it: strings by their quotes and escapes, arrays
    /// and objects by their brackets. Only for bytes already known to be valid JSON; on others it
    /// stops with a failure, never reads out of bounds.
    private mutating func skipValue(depth: Int) throws(Failure) {
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var nesting = 0
            repeat {
                guard pos < bytes.count else { throw fail("unterminated value") }
                switch bytes[pos] {
                case UInt8(ascii: "\""):
                    try skipString()
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    nesting += 1
                    guard depth + nesting <= maxDepth + 1 else { throw fail("nesting deeper than \(maxDepth)") }
                    pos += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    nesting -= 1
                    pos += 1
                default:
                    pos += 1
                }
            } while nesting > 0
        default:
            // A number or a literal: up to what ends it.
            while pos < bytes.count, bytes[pos] != UInt8(ascii: ","), bytes[pos] != UInt8(ascii: "}"),
                bytes[pos] != UInt8(ascii: "]")
            {
                pos += 1
            }
        }
    }

    private mutating func skipString() throws(Failure) {
        pos += 1
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "\"") { pos += bytes[pos] == UInt8(ascii: "\\") ? 2 : 1 }
        guard pos < bytes.count else { throw fail("unterminated string") }
        pos += 1
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var pos = 0
    /// Members of the objects being read, innermost last, with their names' offsets: each
    /// object's dictionary is made once, at its exact size, when the object ends.
    private var members: [(key: String, value: JSONValue, offset: Int)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: pos, reason: reason) }

    private mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard bytes.count - pos >= n, (0..<n).allSatisfy({ bytes[pos + $0] == w[$0] }) else {
            throw fail("expected \(word)")
        }
        pos += n
    }

    private mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        pos += 1
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object([:]) }
        var object = [String: JSONValue](minimumCapacity: 8)
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyOffset = pos
            let key = try parseString()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipSpace()
            let value = try parseValue(depth: depth + 1)
            guard object.updateValue(value, forKey: key) == nil else {
                throw Failure(offset: keyOffset, reason: "duplicate member \"\(key)\"")
            }
            skipSpace()
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(object) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard pos < bytes.count else { throw fail("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        pos += 1
        // Most strings have no escape: take them as one slice.
        var end = pos
        var high: UInt8 = 0
        while end < bytes.count {
            let b = bytes[end]
            if b == 0x22 || b == 0x5C || b < 0x20 { break }
            high |= b
            end += 1
        }
        if end < bytes.count, bytes[end] == 0x22 {
            let run = UnsafeBufferPointer(rebasing: bytes[pos..<end])
            // ASCII needs no validation; anything else must be well-formed UTF-8.
            let s = high < 0x80 ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
            guard let s else { throw fail("string is not valid UTF-8") }
            pos = end + 1
            return s
        }
        var out: [UInt8] = Array(bytes[pos..<end])
        pos = end
        while true {
            guard pos < bytes.count else { throw fail("unterminated string") }
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape())
                default: throw fail("invalid escape")
                }
            case 0x00..<0x20: throw fail("control character in string")
            default:
                out.append(b)
                pos += 1
            }
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid hex digit")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func parseUnicodeEscape() throws(Failure) -> [UInt8] {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard bytes.count - pos >= 6, bytes[pos] == 0x5C, bytes[pos + 1] == UInt8(ascii: "u") else {
                throw fail("lone high surrogate")
            }
            pos += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw fail("lone low surrogate")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
        return Array(String(Character(u)).utf8)
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, (0x30...0x39).contains(bytes[pos]) else { throw fail("unexpected character") }
        if bytes[pos] == 0x30, pos + 1 < bytes.count, (0x30...0x39).contains(bytes[pos + 1]) {
            throw fail("leading zero")
        }
        var integral = true
        while pos < bytes.count {
            let c = bytes[pos]
            if (0x30...0x39).contains(c) { pos += 1; continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && !integral)
            {
                integral = false
                pos += 1
                continue
            }
            break
        }
        if integral, pos - start <= 18 {
            // Up to 18 digits cannot overflow Int64.
            var v: Int64 = 0
            for k in (bytes[start] == UInt8(ascii: "-") ? start + 1 : start)..<pos {
                v = v * 10 + Int64(bytes[k] - 0x30)
            }
            return .int(bytes[start] == UInt8(ascii: "-") ? -v : v)
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        if integral, let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { throw Failure(offset: start, reason: "invalid number") }
        return .double(d)
    }
}
