import CSanadSQLite
import Foundation
import SanadModel

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
        let api = try fts5API(db)
        guard let find = api.pointee.xFindTokenizer, let create = api.pointee.xCreateTokenizer else {
            throw FTS5Availability.missing("the FTS5 API has no tokenizer functions")
        }
        var unicode61 = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        var rc = find(api, "unicode61", &context, &unicode61)
        guard rc == SQLITE_OK else { throw FTS5Availability.missing("FTS5 has no unicode61 tokenizer") }
        let base = Unmanaged.passRetained(BaseTokenizer(unicode61, context: context)).toOpaque()
        var ours = fts5_tokenizer(xCreate: createInstance, xDelete: deleteInstance, xTokenize: tokenizeText)
        rc = create(api, name, base, &ours) { if let base = $0 { Unmanaged<BaseTokenizer>.fromOpaque(base).release() } }
        guard rc == SQLITE_OK else { throw db.failure(rc, "register the \(name) tokenizer") }
    }

    /// The folded tokens of `text`, as the index would store them: how a query term is known
    /// to contain a word at all.
    static func tokens(of text: String, on db: SQLiteDatabase) throws(SanadError) -> [String] {
        let api = try fts5API(db)
        guard let find = api.pointee.xFindTokenizer else { throw FTS5Availability.missing("no xFindTokenizer") }
        var ours = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        guard find(api, name, &context, &ours) == SQLITE_OK, let xCreate = ours.xCreate, let xDelete = ours.xDelete,
            let xTokenize = ours.xTokenize
        else { throw SanadError(.internalError, "search index: the \(name) tokenizer is not registered") }
        var instance: OpaquePointer?
        let rc = withCStrings(arguments) { xCreate(context, $0, Int32(arguments.count), &instance) }
        guard rc == SQLITE_OK, let instance else { throw db.failure(rc, "create the \(name) tokenizer") }
        defer { xDelete(instance) }
        var collected: [String] = []
        var utf8 = Array(text.utf8)
        utf8.append(0)
        let trc = utf8.withUnsafeBufferPointer { bytes in
            withUnsafeMutablePointer(to: &collected) { sink in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { p in
                    xTokenize(instance, sink, FTS5_TOKENIZE_QUERY, p, Int32(bytes.count - 1)) {
                        sink, _, token, n, _, _ in
                        guard let sink, let token else { return SQLITE_OK }
                        let raw = UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self)
                        sink.assumingMemoryBound(to: [String].self).pointee
                            .append(String(decoding: UnsafeBufferPointer(start: raw, count: Int(n)), as: UTF8.self))
                        return SQLITE_OK
                    }
                }
            }
        }
        guard trc == SQLITE_OK else { throw db.failure(trc, "tokenize") }
        return collected
    }

    /// FTS5's extension API for this connection, the documented way: `SELECT fts5(?1)` with a
    /// pointer bound to receive it. A SQLite without FTS5 has no `fts5` function.
    private static func fts5API(_ db: SQLiteDatabase) throws(SanadError) -> UnsafeMutablePointer<fts5_api> {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db.handle, "SELECT fts5(?1)", -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw FTS5Availability.missing(String(cString: sqlite3_errmsg(db.handle)))
        }
        defer { sqlite3_finalize(stmt) }
        var api: UnsafeMutablePointer<fts5_api>?
        let typeName: StaticString = "fts5_api_ptr"
        let rc = withUnsafeMutablePointer(to: &api) { slot in
            typeName.utf8Start.withMemoryRebound(to: CChar.self, capacity: typeName.utf8CodeUnitCount + 1) {
                sqlite3_bind_pointer(stmt, 1, slot, $0, nil)
            }
        }
        guard rc == SQLITE_OK, sqlite3_step(stmt) == SQLITE_ROW, let api, api.pointee.iVersion >= 2 else {
            throw FTS5Availability.missing("the FTS5 API could not be obtained")
        }
        return api
    }
}

/// unicode61 as FTS5 gave it to us, kept alive as long as the registration.
private final class BaseTokenizer {
    let tokenizer: fts5_tokenizer
    let context: UnsafeMutableRawPointer?

    init(_ tokenizer: fts5_tokenizer, context: UnsafeMutableRawPointer?) {
        self.tokenizer = tokenizer
        self.context = context
    }
}

/// One `sanad_fold` instance: a unicode61 instance with the table's options.
private final class TokenizerInstance {
    let base: BaseTokenizer
    let inner: OpaquePointer

    init(base: BaseTokenizer, inner: OpaquePointer) {
        self.base = base
        self.inner = inner
    }
}

/// What the folding callback needs: where FTS5 wants the tokens, and scratch space. A folded
/// token is never longer than the token, but unicode61's case folding can make a token longer
/// than the text it came from (Ⱥ, 2 bytes, folds to ⱥ, 3), hence the capacity check.
private struct FoldSink {
    let context: UnsafeMutableRawPointer?
    let emit: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32
    let scratch: UnsafeMutablePointer<UInt8>
    let capacity: Int
}

private func createInstance(
    _ context: UnsafeMutableRawPointer?, _ args: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
    _ count: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let context, let out else { return SQLITE_ERROR }
    let base = Unmanaged<BaseTokenizer>.fromOpaque(context).takeUnretainedValue()
    guard let xCreate = base.tokenizer.xCreate else { return SQLITE_ERROR }
    var inner: OpaquePointer?
    let rc = xCreate(base.context, args, count, &inner)
    guard rc == SQLITE_OK, let inner else { return rc == SQLITE_OK ? SQLITE_ERROR : rc }
    out.pointee = OpaquePointer(Unmanaged.passRetained(TokenizerInstance(base: base, inner: inner)).toOpaque())
    return SQLITE_OK
}

private func deleteInstance(_ instance: OpaquePointer?) {
    guard let instance else { return }
    let owned = Unmanaged<TokenizerInstance>.fromOpaque(UnsafeRawPointer(instance)).takeRetainedValue()
    owned.base.tokenizer.xDelete?(owned.inner)
}

private func tokenizeText(
    _ instance: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ flags: Int32, _ text: UnsafePointer<CChar>?,
    _ length: Int32,
    _ emit: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32)?
) -> Int32 {
    guard let instance, let emit else { return SQLITE_ERROR }
    let me = Unmanaged<TokenizerInstance>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue()
    guard let xTokenize = me.base.tokenizer.xTokenize else { return SQLITE_ERROR }
    let capacity = max(Int(length), 64)
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { scratch.deallocate() }
    var sink = FoldSink(context: context, emit: emit, scratch: scratch, capacity: capacity)
    return withUnsafeMutablePointer(to: &sink) { sinkPointer in
        xTokenize(me.inner, sinkPointer, flags, text, length) { raw, tflags, token, n, start, end in
            guard let raw, let token else { return SQLITE_OK }
            let sink = raw.assumingMemoryBound(to: FoldSink.self).pointee
            let bytes = UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self)
            let count = Int(n)
            var ascii = true
            for k in 0..<count where bytes[k] >= 0x80 {
                ascii = false
                break
            }
            // unicode61 has already lower-cased ASCII: nothing left to fold.
            if ascii { return sink.emit(sink.context, tflags, token, n, start, end) }
            let out = count <= sink.capacity ? sink.scratch : UnsafeMutablePointer<UInt8>.allocate(capacity: count)
            defer { if out != sink.scratch { out.deallocate() } }
            let folded = SearchFolding.fold(bytes, count: count, into: out)
            guard folded > 0 else { return SQLITE_OK }
            return UnsafeRawPointer(out).withMemoryRebound(to: CChar.self, capacity: folded) {
                sink.emit(sink.context, tflags, $0, Int32(folded), start, end)
            }
        }
    }
}

/// Calls `body` with a C array of C strings that lives as long as the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
