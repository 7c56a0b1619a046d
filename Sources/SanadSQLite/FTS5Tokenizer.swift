import CSanadSQLite
import Foundation
import SanadModel

/// A custom FTS5 tokenizer that wraps one of SQLite's own (unicode61, say) and passes each token
/// it finds through a transform (Sanad's search folding), registered on one connection. The
/// C side of FTS5's tokenizer API lives here, with the rest of SQLite's; callers give a name,
/// the tokenizer to wrap and a transform.
package enum FTS5Tokenizer {
    /// Rewrites `count` bytes of a token into `out` (room for `count` bytes); returns how many
    /// bytes it wrote, 0 to drop the token. Must not keep the pointers.
    package typealias Transform = @Sendable (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<UInt8>) -> Int

    /// Makes `name` known to `db`: `wrapped`'s tokens, each passed through `transform` unless it
    /// is ASCII (which the wrapped tokenizer has lower-cased already).
    package static func register(
        _ name: String, wrapping wrapped: String, transform: @escaping Transform, on db: SQLiteDatabase
    ) throws(SanadError) {
        let api = try fts5API(db)
        guard let find = api.pointee.xFindTokenizer, let create = api.pointee.xCreateTokenizer else {
            throw FTS5Availability.missing("the FTS5 API has no tokenizer functions")
        }
        var inner = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        var rc = find(api, wrapped, &context, &inner)
        guard rc == SQLITE_OK else { throw FTS5Availability.missing("FTS5 has no \(wrapped) tokenizer") }
        let base = Unmanaged.passRetained(BaseTokenizer(inner, context: context, transform: transform)).toOpaque()
        var ours = fts5_tokenizer(xCreate: createInstance, xDelete: deleteInstance, xTokenize: tokenizeText)
        rc = create(api, name, base, &ours) { if let base = $0 { Unmanaged<BaseTokenizer>.fromOpaque(base).release() } }
        guard rc == SQLITE_OK else { throw db.failure(rc, "register the \(name) tokenizer") }
    }

    /// The tokens the registered tokenizer `name`, made with `arguments`, gives for `text` as a
    /// query: how a query term is known to contain a word at all.
    package static func tokens(
        of text: String, tokenizer name: String, arguments: [String], on db: SQLiteDatabase
    ) throws(SanadError) -> [String] {
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

/// The wrapped tokenizer as FTS5 gave it to us, and the transform, kept alive as long as the
/// registration.
private final class BaseTokenizer {
    let tokenizer: fts5_tokenizer
    let context: UnsafeMutableRawPointer?
    let transform: FTS5Tokenizer.Transform

    init(_ tokenizer: fts5_tokenizer, context: UnsafeMutableRawPointer?, transform: @escaping FTS5Tokenizer.Transform) {
        self.tokenizer = tokenizer
        self.context = context
        self.transform = transform
    }
}

/// One instance of the tokenizer: an instance of the wrapped one, with the table's options.
private final class TokenizerInstance {
    let base: BaseTokenizer
    let inner: OpaquePointer

    init(base: BaseTokenizer, inner: OpaquePointer) {
        self.base = base
        self.inner = inner
    }
}

/// What the transforming callback needs: where FTS5 wants the tokens, the transform, and scratch
/// space. A transformed token is never longer than the token, but unicode61's case folding can
/// make a token longer than the text it came from (Ⱥ, 2 bytes, folds to ⱥ, 3), hence the
/// capacity check.
private struct FoldSink {
    let context: UnsafeMutableRawPointer?
    let transform: FTS5Tokenizer.Transform
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
    var sink = FoldSink(
        context: context, transform: me.base.transform, emit: emit, scratch: scratch, capacity: capacity)
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
            let folded = sink.transform(bytes, count, out)
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
