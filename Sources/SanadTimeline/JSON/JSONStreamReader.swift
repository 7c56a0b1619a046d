import SanadModel

/// Reads a JSON document as a stream of chunks, in memory bounded by one record, and hands out
/// the elements of its *record arrays* (the messages) with their exact byte ranges, the scalars
/// around them, and the bytes in between (docs/TIMELINE.md §8.1).
///
/// A chat export is one JSON document that can hold hundreds of thousands of messages; reading
/// it whole would need the whole file in memory. This reader follows the document's structure
/// byte by byte and keeps only the element it is in. Outside records it checks the full JSON
/// grammar, so a damaged file is caught where it breaks; inside a record it only tracks strings
/// and brackets, and leaves the record's content to `JSONParser`, which is strict.
///
/// Byte ranges tile the file: each record owns its element and the separator after it (`,`
/// and white space up to the next element); everything else is a `container` span; once the
/// syntax breaks (or the file ends too early), the rest of the file, from the start of the
/// record or structure where it broke, is one `malformed` span.
public struct JSONStreamReader {
    public static let defaultMaxRecordBytes = 4 << 20
    /// Nesting allowed around the records, and separately inside one.
    public static let maxDepth = 64
    /// A scalar or member name outside records longer than this is not reported.
    static let maxScalarBytes = 64 * 1024

    private enum Expect { case value, valueOrClose, keyOrClose, key, colon, commaOrClose, end }
    private enum Token { case none, key, string, number, literal }
    private struct Frame {
        var isObject: Bool
        var key: String?
        var index = 0
        var isRecordArray = false
        /// For a record array, its path, given to each of its records.
        var recordPath: JSONPath?
    }

    private let maxRecordBytes: Int
    private let isRecordArray: (JSONPath) -> Bool

    private var base: Int64 = 0
    private var line = 1
    private var frames: [Frame] = []
    private var expect = Expect.value
    private var token = Token.none
    private var tokenBytes: [UInt8] = []
    private var tokenEscape = false
    private var gapStart: Int64 = 0
    private var gapLine = 1
    private var failure: (offset: Int64, line: Int, reason: String)?

    // The record being read.
    private var inRecord = false
    private var recordBare = false
    private var recordDepth = 0
    private var recordInString = false
    private var recordEscape = false
    private var record = JSONRecord(
        offset: 0, length: 0, line: 0, arrayPath: JSONPath(), index: 0, value: [], tooLong: false)
    /// A complete record whose range ends where the next element starts or at its own end.
    private var pending: (record: JSONRecord, valueEnd: Int64, endLine: Int)?

    /// `isRecordArray` is asked, for every array outside records, whether its elements are records.
    public init(maxRecordBytes: Int = defaultMaxRecordBytes, isRecordArray: @escaping (JSONPath) -> Bool) {
        self.maxRecordBytes = maxRecordBytes
        self.isRecordArray = isRecordArray
    }

    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ emit: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) {
        let n = chunk.count
        var i = 0
        var recordFrom = 0
        while i < n, failure == nil {
            if inRecord {
                if let end = scanRecord(chunk, &i) {
                    keepRecordBytes(chunk, from: recordFrom, to: end)
                    finishRecord(valueEnd: base + Int64(end))
                    continue
                }
                break
            }
            let b = chunk[i]
            switch token {
            case .none:
                break
            case .key, .string:
                if continueString(b) { try endToken(emit) }
                i += 1
                continue
            case .number, .literal:
                if JSONBytes.isBare(b) {
                    if tokenBytes.count <= Self.maxScalarBytes { tokenBytes.append(b) }
                    i += 1
                } else {
                    try endToken(emit)  // the byte that ended it is read again
                }
                continue
            }
            if try startsRecord(b, at: i, emit) {
                recordFrom = i
                // The opening quote or bracket is read here; a number or literal is scanned whole.
                if !recordBare { i += 1 }
                continue
            }
            try structural(b, at: base + Int64(i), emit)
            i += 1
        }
        // A record that goes on into the next chunk: keep what this chunk holds of it.
        if inRecord, failure == nil { keepRecordBytes(chunk, from: recordFrom, to: n) }
        base += Int64(n)
    }

    /// Call once after the last chunk.
    public mutating func finish(_ emit: (JSONStreamItem) throws(SanadError) -> Void) throws(SanadError) {
        if failure == nil, token == .number || token == .literal { try endToken(emit) }
        if failure == nil, inRecord || expect != .end || token != .none {
            if base > 0 { try fail("the file ends inside the JSON document", emit) }
        }
        if let failure {
            // A document that breaks exactly at the end of the file leaves no bytes to report:
            // everything before was handed out already, and no event is empty.
            let rest = JSONSpan(
                offset: failure.offset, length: base - failure.offset, line: failure.line,
                kind: .malformed(failure.reason))
            if failure.offset < base { try emit(.span(rest)) }
        } else if gapStart < base {
            try emit(.span(JSONSpan(offset: gapStart, length: base - gapStart, line: gapLine, kind: .container)))
        }
    }

    // MARK: Records

    /// Scans record bytes from `i`; returns the index just past the record's value when it
    /// ends in this chunk. The hot loop of the reader: state lives in locals, and a string's
    /// plain bytes are skipped in a tight inner loop.
    private mutating func scanRecord(_ p: UnsafeRawBufferPointer, _ index: inout Int) -> Int? {
        guard let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let n = p.count
        var i = index
        var inString = recordInString, escape = recordEscape, depth = recordDepth, lines = line
        defer {
            index = i
            recordInString = inString
            recordEscape = escape
            recordDepth = depth
            line = lines
        }
        if recordBare {
            while i < n, JSONBytes.isBare(base[i]) { i += 1 }
            return i < n ? i : nil
        }
        while i < n {
            if inString {
                if escape {
                    escape = false
                    if base[i] == 0x0A { lines += 1 }
                    i += 1
                    continue
                }
                while i < n {
                    let b = base[i]
                    if b == 0x22 || b == 0x5C || b == 0x0A { break }
                    i += 1
                }
                guard i < n else { return nil }
                switch base[i] {
                case 0x5C: escape = true
                case 0x0A: lines += 1
                default:
                    inString = false
                    if depth == 0 { i += 1; return i }
                }
                i += 1
                continue
            }
            switch base[i] {
            case 0x22: inString = true
            case 0x7B, 0x5B:
                depth += 1
                // Too deep to be a message: unreadable, but its end can still be found.
                if depth > Self.maxDepth { record.tooLong = true }
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 { i += 1; return i }
            case 0x0A: lines += 1
            default: break
            }
            i += 1
        }
        return nil
    }

    private mutating func keepRecordBytes(_ p: UnsafeRawBufferPointer, from: Int, to: Int) {
        guard !record.tooLong, to > from else { return }
        if record.value.count + (to - from) > maxRecordBytes {
            record.tooLong = true
            record.value = []
            return
        }
        record.value.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[from..<to]))
    }

    /// Whether `b` at `i` begins an element of a record array; if so the record is started.
    private mutating func startsRecord(
        _ b: UInt8, at i: Int, _ emit: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) -> Bool {
        guard expect == .value || expect == .valueOrClose, let top = frames.last, top.isRecordArray else {
            return false
        }
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x5D: return false
        default: break
        }
        let at = base + Int64(i)
        if try flushPending(endingAt: at, emit) == nil, gapStart < at {
            try emit(.span(JSONSpan(offset: gapStart, length: at - gapStart, line: gapLine, kind: .container)))
        }
        record = JSONRecord(
            offset: at, length: 0, line: line, arrayPath: top.recordPath ?? JSONPath(), index: top.index, value: [],
            tooLong: false)
        inRecord = true
        recordInString = false
        recordEscape = false
        recordDepth = 0
        recordBare = false
        switch b {
        case 0x22: recordInString = true
        case 0x7B, 0x5B: recordDepth = 1
        default:
            guard JSONBytes.isBare(b) else {
                try fail("unexpected byte 0x\(String(b, radix: 16)) where a value should start", emit)
                return true
            }
            recordBare = true
            return true  // the first byte is scanned as part of the value
        }
        return true
    }

    private mutating func finishRecord(valueEnd: Int64) {
        inRecord = false
        pending = (record, valueEnd, line)
        record.value = []
        expect = .commaOrClose
    }

    // MARK: Structure outside records

    private var path: JSONPath {
        JSONPath(frames.map { $0.isObject ? .key($0.key ?? "") : .index($0.index) })
    }

    private mutating func structural(
        _ b: UInt8, at: Int64, _ emit: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) {
        switch b {
        case 0x20, 0x09, 0x0D: return
        case 0x0A: line += 1; return
        default:
            // A byte order mark before the document.
            if at < 3, JSONBytes.byteOrderMark[Int(at)] == b, expect == .value, frames.isEmpty { return }
        }
        switch (expect, b) {
        case (.value, 0x7B), (.valueOrClose, 0x7B):
            try push(Frame(isObject: true), emit)
            expect = .keyOrClose
        case (.value, 0x5B), (.valueOrClose, 0x5B):
            let here = path
            let records = isRecordArray(here)
            try push(Frame(isObject: false, isRecordArray: records, recordPath: records ? here : nil), emit)
            expect = .valueOrClose
        case (.keyOrClose, 0x7D):
            frames.removeLast()
            valueDone()
        case (.commaOrClose, 0x7D) where frames.last?.isObject == true:
            frames.removeLast()
            valueDone()
        case (.valueOrClose, 0x5D), (.commaOrClose, 0x5D):
            guard frames.last?.isObject == false else { return try fail("'}' expected, found ']'", emit) }
            if let end = try flushPending(emit) { (gapStart, gapLine) = end }
            frames.removeLast()
            valueDone()
        case (.commaOrClose, 0x2C):
            if frames[frames.count - 1].isObject {
                expect = .key
            } else {
                frames[frames.count - 1].index += 1
                expect = .value
            }
        case (.colon, 0x3A):
            expect = .value
        case (.keyOrClose, 0x22), (.key, 0x22):
            startToken(.key, b)
        case (.value, 0x22), (.valueOrClose, 0x22):
            startToken(.string, b)
        case (.value, _), (.valueOrClose, _):
            try startBareValue(b, emit)
        case (.end, _):
            try fail("content after the end of the JSON document", emit)
        default:
            try fail("unexpected byte 0x\(String(b, radix: 16))", emit)
        }
    }

    /// A number (`-` or a digit) or a literal (`t`, `f`, `n`) starts at `b`, or nothing valid does.
    private mutating func startBareValue(
        _ b: UInt8, _ emit: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) {
        if b == 0x2D || (0x30...0x39).contains(b) {
            startToken(.number, b)
        } else if b == 0x74 || b == 0x66 || b == 0x6E {
            startToken(.literal, b)
        } else {
            try fail("unexpected byte 0x\(String(b, radix: 16)) where a value should start", emit)
        }
    }

    /// Hands out the record kept for its trailing separator, its range now complete (up to
    /// `end`, the next element, or else its own value's end); returns where its value ended.
    private mutating func flushPending(
        endingAt end: Int64? = nil, _ emit: (JSONStreamItem) throws(SanadError) -> Void
    ) throws(SanadError) -> (Int64, Int)? {
        guard let p = pending else { return nil }
        var r = p.record
        r.length = (end ?? p.valueEnd) - r.offset
        pending = nil
        try emit(.record(r))
        return (p.valueEnd, p.endLine)
    }

    private mutating func push(_ frame: Frame, _ emit: (JSONStreamItem) throws(SanadError) -> Void) throws(SanadError) {
        guard frames.count < Self.maxDepth else {
            try fail("nesting deeper than \(Self.maxDepth)", emit)
            return
        }
        frames.append(frame)
    }

    private mutating func valueDone() {
        expect = frames.isEmpty ? .end : .commaOrClose
    }

    private mutating func startToken(_ kind: Token, _ b: UInt8) {
        token = kind
        tokenBytes.removeAll(keepingCapacity: true)
        tokenBytes.append(b)
        tokenEscape = false
    }

    /// Adds `b` to the string being read; true when it is the closing quote.
    private mutating func continueString(_ b: UInt8) -> Bool {
        if tokenBytes.count <= Self.maxScalarBytes { tokenBytes.append(b) }
        if b == 0x0A { line += 1 }
        if tokenEscape {
            tokenEscape = false
        } else if b == 0x5C {
            tokenEscape = true
        } else if b == 0x22 {
            return true
        }
        return false
    }

    /// Ends the token: a string on its closing quote, a number or literal on the first byte
    /// that is not theirs.
    private mutating func endToken(_ emit: (JSONStreamItem) throws(SanadError) -> Void) throws(SanadError) {
        let kind = token
        token = .none
        let tooLong = tokenBytes.count > Self.maxScalarBytes
        var value: JSONValue?
        if !tooLong {
            do throws(JSONParser.Failure) {
                value = try JSONParser.parse(tokenBytes)
            } catch {
                try fail("invalid JSON value: \(error.reason)", emit)
                return
            }
        }
        if kind == .key {
            frames[frames.count - 1].key = value?.stringValue ?? ""
            expect = .colon
            return
        }
        if let value { try emit(.scalar(path, value)) }
        valueDone()
    }

    private mutating func fail(_ reason: String, _ emit: (JSONStreamItem) throws(SanadError) -> Void) throws(SanadError)
    {
        guard failure == nil else { return }
        if inRecord {
            failure = (record.offset, record.line, reason)
            inRecord = false
        } else if let end = try flushPending(emit) {
            failure = (end.0, end.1, reason)
        } else {
            failure = (gapStart, gapLine, reason)
        }
    }
}
