import SanadModel

/// What the user typed after `sanad search`, read with Sanad's own small syntax
/// (docs/TIMELINE.md, Search): words, all of which must match; `"quoted phrases"`, whose
/// words must follow each other; and `word*` or `"a phrase"*` for a prefix.
///
/// FTS5's own query language is never exposed. Everything the user writes becomes the text of
/// a quoted FTS5 string, so `AND`, `OR`, `NEAR`, `-`, `:`, `^`, parentheses and stray quotes are
/// searched for as text (and, being punctuation or ordinary words, simply match as words do)
/// instead of raising an FTS5 syntax error.
public struct SearchQuery: Equatable, Sendable {
    public struct Term: Equatable, Sendable {
        /// As typed, without its quotes and star.
        public var text: String
        /// Typed in quotes: its words must be adjacent and in order.
        public var isPhrase: Bool
        /// Ended with `*`: its last word may be the beginning of a longer word.
        public var isPrefix: Bool

        public init(text: String, isPhrase: Bool = false, isPrefix: Bool = false) {
            self.text = text
            self.isPhrase = isPhrase
            self.isPrefix = isPrefix
        }

        /// The term as one FTS5 string: `"` doubled inside, which is FTS5's only escape.
        var matchExpression: String {
            "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (isPrefix ? "*" : "")
        }
    }

    public let terms: [Term]

    /// Reads the syntax; throws `usage` when nothing is left to search for. Whether each term
    /// holds a word at all is known only to the index's tokenizer (`SearchIndex.search`).
    public init(_ input: String) throws(SanadError) {
        terms = Self.parse(input)
        guard !terms.isEmpty else { throw Self.empty(input) }
    }

    public init(terms: [Term]) throws(SanadError) {
        self.terms = terms.filter { !$0.text.isEmpty }
        guard !self.terms.isEmpty else { throw Self.empty("") }
    }

    /// The FTS5 MATCH expression: the terms, each a quoted string, side by side (FTS5's
    /// implicit AND).
    var matchExpression: String { terms.map(\.matchExpression).joined(separator: " ") }

    static func empty(_ input: String) -> SanadError {
        SanadError(
            .usage,
            input.isEmpty ? "the search query is empty" : "the search query '\(input)' has no words to search for",
            hint: "Give one or more words, a \"quoted phrase\", or a prefix such as rent*.")
    }

    /// Control characters separate words: the tokenizer does not index them, and a U+0000
    /// would end FTS5's reading of the MATCH text in the middle of a quoted string.
    private static func isSpace(_ c: Character) -> Bool {
        c.isWhitespace || c.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `"` and the curly quotes phones substitute for it (iOS smart punctuation).
    private static func isQuote(_ c: Character) -> Bool { c == "\"" || c == "\u{201C}" || c == "\u{201D}" }

    private static func parse(_ input: String) -> [Term] {
        var terms: [Term] = []
        var i = input.startIndex
        func starred() -> Bool {
            var any = false
            while i < input.endIndex, input[i] == "*" {
                any = true
                i = input.index(after: i)
            }
            return any
        }
        while i < input.endIndex {
            let c = input[i]
            if isSpace(c) || c == "*" {
                i = input.index(after: i)
            } else if isQuote(c) {
                i = input.index(after: i)
                let start = i
                while i < input.endIndex, !isQuote(input[i]) { i = input.index(after: i) }
                let text = String(input[start..<i].map { isSpace($0) ? " " : $0 })
                if i < input.endIndex { i = input.index(after: i) }
                let prefix = starred()
                if !text.allSatisfy(isSpace) {
                    terms.append(Term(text: text, isPhrase: true, isPrefix: prefix))
                }
            } else {
                let start = i
                while i < input.endIndex, !isSpace(input[i]), !isQuote(input[i]), input[i] != "*" {
                    i = input.index(after: i)
                }
                let text = String(input[start..<i])
                terms.append(Term(text: text, isPrefix: starred()))
            }
        }
        return terms
    }
}
