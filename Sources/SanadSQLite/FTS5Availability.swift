import SanadModel

/// Whether the SQLite Sanad is linked with has FTS5, the full-text engine search is built on.
///
/// FTS5 is a compile-time option of SQLite (`SQLITE_ENABLE_FTS5`). Debian 12's libsqlite3-0
/// has it; a SQLite built without it cannot be worked around, so Sanad says so plainly instead
/// of failing later with "no such module: fts5".
public enum FTS5Availability {
    /// Throws `internal` unless `compileOptions` (the rows of `PRAGMA compile_options`, with or
    /// without the `SQLITE_` prefix) include `ENABLE_FTS5`.
    public static func check(compileOptions: [String]) throws(SanadError) {
        let enabled = compileOptions.contains { option in
            let name = option.hasPrefix("SQLITE_") ? String(option.dropFirst(7)) : option
            return name.uppercased() == "ENABLE_FTS5"
        }
        guard enabled else { throw missing("SQLite was compiled without ENABLE_FTS5") }
    }

    package static func missing(_ detail: String) -> SanadError {
        SanadError(
            .internalError, "search needs SQLite's FTS5 full-text engine, which this SQLite lacks (\(detail))",
            hint:
                "Install a SQLite built with FTS5 (Debian 12: apt-get install libsqlite3-0 libsqlite3-dev) and "
                + "rebuild Sanad."
        )
    }
}
