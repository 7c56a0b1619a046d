/// Where a hit matched: a short stretch of the event's own text (or sender, title or
/// attachment name, whichever matched best), harakat and all, with the matched words marked.
public struct SearchSnippet: Equatable, Sendable {
    public struct Segment: Equatable, Sendable {
        public var text: String
        /// A word the query matched.
        public var isMatch: Bool

        public init(text: String, isMatch: Bool) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    /// In order; adjacent segments never have the same `isMatch`. An elided beginning or end
    /// is shown as `…` in a non-matching segment.
    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// The markers FTS5 is asked to put around matches. The index stores U+0002 and U+0003 of
    /// the text as U+FFFD, so these can only be FTS5's.
    static let open: Character = "\u{02}"
    static let close: Character = "\u{03}"

    /// Reads FTS5's `snippet()` output.
    init(marked: String) {
        var segments: [Segment] = []
        var current = ""
        var inMatch = false
        func flush() {
            if !current.isEmpty { segments.append(Segment(text: current, isMatch: inMatch)) }
            current = ""
        }
        for c in marked {
            if c == Self.open || c == Self.close {
                flush()
                inMatch = c == Self.open
            } else {
                current.append(c)
            }
        }
        flush()
        // FTS5 marks adjacent matched words separately; one segment reads better.
        var merged: [Segment] = []
        for s in segments {
            if let last = merged.last, last.isMatch == s.isMatch {
                merged[merged.count - 1].text += s.text
            } else {
                merged.append(s)
            }
        }
        self.segments = merged
    }

    /// The snippet as plain text, each match between `open` and `close` (`[`/`]`, or terminal
    /// colour codes).
    public func rendered(open: String, close: String) -> String {
        segments.map { $0.isMatch ? open + $0.text + close : $0.text }.joined()
    }

    public var plainText: String { segments.map(\.text).joined() }
}
