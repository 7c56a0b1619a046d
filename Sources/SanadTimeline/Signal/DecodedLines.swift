/// A record's lines decoded as UTF-8, each with the line break that follows it, so that a
/// reader can cut prefixes and sections off by line and still give text exactly as written.
struct DecodedLines {
    struct Line {
        /// The line's text; format marks are still in it.
        var text: String
        /// `"\n"`, `"\r\n"`, or `""` for the last line of a file without a final line break.
        var lineBreak: String
    }

    var lines: [Line]
    /// A line was not UTF-8.
    var invalid: Bool

    init(_ record: LineRecordAssembler.Record) {
        var lines: [Line] = []
        var invalid = false
        for (content, brk) in zip(record.lines, record.breaks) {
            let text = String(validating: content, as: UTF8.self)
            if text == nil { invalid = true }
            lines.append(Line(text: text ?? "", lineBreak: brk == 2 ? "\r\n" : brk == 1 ? "\n" : ""))
        }
        self.lines = lines
        self.invalid = invalid
    }

    init(lines: [Line]) {
        self.lines = lines
        invalid = false
    }

    /// Lines `range` joined with the breaks between them, without the last one's, format marks removed.
    func text(_ range: Range<Int>) -> String {
        var s = ""
        for i in range {
            if i > range.lowerBound { s += lines[i - 1].lineBreak }
            s += lines[i].text
        }
        return FormatMarks.stripped(s)
    }
}

extension FormatMarks {
    /// `s` without the format marks of docs/TIMELINE.md §4.
    static func stripped(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars where !isMark(scalar.value) { out.append(scalar) }
        return String(out)
    }
}
