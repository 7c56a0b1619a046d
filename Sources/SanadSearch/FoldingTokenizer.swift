import Foundation
import SanadModel
import SanadSQLite

/// The `sanad_fold` FTS5 tokenizer: SQLite's own unicode61 tokenizer finds the words, then
/// `SearchFolding` folds each one.
///
/// Folding inside the tokenizer, rather than indexing a folded copy of the text, keeps the
/// stored text exactly as the event has it: FTS5's snippets then show the original words,
/// harakat included, with the match highlighted at its true place, while the index and the
/// query see only folded tokens. The price is that the index can be read only by a connection
/// that registered this tokenizer (Sanad's); the `sqlite3` shell cannot query it.
enum FoldingTokenizer {
    static let name = "sanad_fold"

    /// unicode61's options. Marks (`M*`) and format characters (`Cf`) are word characters so
    /// that a fatha, a ZWNJ or a stray bidi mark inside a word does not split it; the folding
    /// then removes them. The default categories (`L* N* Co`) would also split Indic words at
    /// their vowel signs.
    static let arguments = ["remove_diacritics", "2", "categories", "L* N* Co M* Cf"]

    /// The `tokenize` option of the FTS5 table.
    static var declaration: String {
        ([name] + arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }).joined(separator: " ")
    }

    /// Makes `sanad_fold` known to a connection; needed before the index is created or read.
    static func register(on db: SQLiteDatabase) throws(SanadError) {
        try FTS5Tokenizer.register(
            name, wrapping: "unicode61", transform: { SearchFolding.fold($0, count: $1, into: $2) }, on: db)
    }

    /// The folded tokens of `text`, as the index would store them: how a query term is known
    /// to contain a word at all.
    static func tokens(of text: String, on db: SQLiteDatabase) throws(SanadError) -> [String] {
        try FTS5Tokenizer.tokens(of: text, tokenizer: name, arguments: arguments, on: db)
    }
}
