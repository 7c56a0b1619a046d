import SanadModel

/// Groups the lines of a blank-line-separated text export (signal-export's `chat.md`, sigtop's
/// text files) into records, one line at a time, with one line of look-ahead.
///
/// Both formats end every message with an empty line and begin the next one with a line a
/// grammar can recognise, possibly only together with the line after it (sigtop's `From:` is
/// a message only when `Type:` follows). Every byte of every line goes into exactly one record,
/// in order, so the records tile the file. Memory is bounded by `maxRecordBytes` plus one line.
struct LineRecordAssembler {
    /// What a grammar says about a line that may begin a record.
    enum Start: Equatable {
        /// A message record.
        case message
        /// The export's own heading (sigtop's `Conversation:` line), which takes only empty lines after it.
        case container
    }

    /// One group of lines: a message, a heading, or a line no record could take.
    struct Record {
        var offset: Int64
        var line: Int
        var length: Int64
        /// Line contents without their line breaks.
        var lines: [[UInt8]]
        /// The line break of each line: 0 at the end of the file, 1 for LF, 2 for CRLF.
        var breaks: [Int]
        var start: Start?
        /// Set on a line no record takes.
        var reason: UnparsedReason?
    }

    private struct Held {
        var content: [UInt8]
        var breakLength: Int
        var offset: Int64
        var number: Int
        var isPiece: Bool
        var length: Int64 { Int64(content.count + breakLength) }
    }

    let maxRecordBytes: Int64
    /// Whether `line` (after an empty line, or before any record) begins a record, given the
    /// line after it and its 1-based number.
    let starts: ([UInt8], [UInt8]?, Int) -> Start?
    private var held: Held?
    private var pending: Record?
    private var previousEmpty = true

    init(maxRecordBytes: Int64, starts: @escaping ([UInt8], [UInt8]?, Int) -> Start?) {
        self.maxRecordBytes = maxRecordBytes
        self.starts = starts
    }

    mutating func add(_ line: TextLine, _ emit: (Record) throws(SanadError) -> Void) throws(SanadError) {
        let next = Held(
            content: Array(line.content), breakLength: line.breakLength, offset: line.offset,
            number: line.number, isPiece: line.isPiece)
        if let h = held { try take(h, next: next.isPiece ? nil : next.content, emit) }
        held = next
    }

    mutating func finish(_ emit: (Record) throws(SanadError) -> Void) throws(SanadError) {
        if let h = held { try take(h, next: nil, emit) }
        held = nil
        if let p = pending { try emit(p) }
        pending = nil
    }

    private mutating func take(
        _ h: Held, next: [UInt8]?, _ emit: (Record) throws(SanadError) -> Void
    ) throws(SanadError) {
        defer { previousEmpty = !h.isPiece && h.content.isEmpty }
        if h.isPiece {
            try flush(emit)
            pending = Self.loose(h, .tooLong)
            return
        }
        let boundary = previousEmpty || pending == nil || pending?.reason == .noHeader
        if boundary, let start = starts(h.content, next, h.number) {
            try flush(emit)
            pending = Record(
                offset: h.offset, line: h.number, length: h.length, lines: [h.content],
                breaks: [h.breakLength], start: start, reason: nil)
            return
        }
        if var p = pending, p.start == .message || p.reason == .tooLong || (p.start == .container && h.content.isEmpty)
        {
            if p.length + h.length > maxRecordBytes {
                try flush(emit)
                pending = Self.loose(h, .tooLong)
                return
            }
            // Drop the stored copy first, so that appending does not copy every line so far
            // (which made long records quadratic).
            pending = nil
            p.lines.append(h.content)
            p.breaks.append(h.breakLength)
            p.length += h.length
            pending = p
            return
        }
        try flush(emit)
        pending = Self.loose(h, .noHeader)
    }

    private mutating func flush(_ emit: (Record) throws(SanadError) -> Void) throws(SanadError) {
        guard let p = pending else { return }
        pending = nil
        try emit(p)
    }

    private static func loose(_ h: Held, _ reason: UnparsedReason) -> Record {
        Record(
            offset: h.offset, line: h.number, length: h.length, lines: [h.content], breaks: [h.breakLength],
            start: nil, reason: reason)
    }
}

extension LineRecordAssembler.Record {
    /// The lines joined with the line breaks between them, without the final one: the record's
    /// exact text (format marks not yet removed).
    var joinedBytes: [UInt8] {
        var out: [UInt8] = []
        for (i, line) in lines.enumerated() {
            if i > 0 { out.append(contentsOf: breaks[i - 1] == 2 ? [0x0D, 0x0A] : [0x0A]) }
            out.append(contentsOf: line)
        }
        return out
    }
}
