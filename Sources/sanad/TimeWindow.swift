import Foundation
import SanadExtract
import SanadModel

/// `--from`/`--to` of `timeline` and `search`: RFC 3339, or a plain date (`2026-03-02`) or date
/// and time without an offset, read in `--timezone`, else in the zone every exhibit of the
/// case was declared in. Refused, never guessed, when neither settles it.
struct TimeWindow {
    var from: Int64?
    var to: Int64?
    /// Says in which zone a value without an offset was read, for stderr.
    var note: String?

    init(from: String?, to: String?, zone: String?, items: [TimelineItem]) throws(SanadError) {
        let declared = Set(items.compactMap(\.timezone))
        var basis: String?
        func read(_ text: String, _ what: String) throws(SanadError) -> Int64 {
            var t = text.trimmingCharacters(in: .whitespaces)
            if t.count == 10 { t += "T00:00:00" }
            if t.count == 16 { t += ":00" }
            if RFC3339.parse(t)?.offsetSeconds != nil { return try Self.instant(t, zone: nil, what: what) }
            if let zone {
                basis = "\(zone) (--timezone)"
                return try Self.instant(t, zone: zone, what: what)
            }
            guard declared.count == 1, let only = declared.first else {
                throw SanadError(
                    .usage,
                    "\(what) \(text) has no UTC offset, and the exhibits declare "
                        + (declared.isEmpty
                            ? "no zone" : "\(declared.count) zones (\(declared.sorted().joined(separator: ", ")))"),
                    hint: "Give --timezone ZONE to read it in, or write the offset: \(t)+03:00.")
            }
            basis = "\(only) (the only zone declared in the case)"
            return try Self.instant(t, zone: only, what: what)
        }
        self.from = try from.map { (s: String) throws(SanadError) in try read(s, "--from") }
        self.to = try to.map { (s: String) throws(SanadError) in try read(s, "--to") }
        if let f = self.from, let t = self.to, f >= t {
            throw SanadError(
                .usage, "--from \(from ?? "") is not before --to \(to ?? ""): no event can match",
                hint: "--from is the first moment kept, --to the first moment left out.")
        }
        if let basis { note = "times without an offset in --from/--to were read in \(basis)" }
    }

    private static func instant(_ text: String, zone: String?, what: String) throws(SanadError) -> Int64 {
        let d: Timestamp.Declared
        do { d = try Timestamp.parseDeclared(text, assumingZone: zone) } catch {
            throw SanadError(
                error.code, "\(what): \(error.message)",
                hint: error.hint ?? "Add an offset (2022-03-18T00:00:00+03:00) or give --timezone.")
        }
        guard let parts = RFC3339.parse(d.utc) else { throw SanadError(.invalidTime, "\(what): bad time") }
        return parts.localEpochSeconds * 1000 + parts.milliseconds
    }
}
