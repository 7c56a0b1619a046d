import Foundation
import SanadModel

/// A zone the source does not state but someone declared: the phone's zone recorded at
/// ingest, or the investigator's default for the timeline (docs/TIMELINE.md §3).
public struct DeclaredZone: Sendable {
    /// IANA name, e.g. `Asia/Baghdad`.
    public let name: String
    public let basis: ZoneBasis
    private let timeZone: TimeZone

    /// `basis` is `.declaredAtIngest`, `.amended` or `.givenToTimeline`; the others are not
    /// declarations.
    public init(name: String, basis: ZoneBasis) throws(SanadError) {
        guard basis == .declaredAtIngest || basis == .amended || basis == .givenToTimeline else {
            throw SanadError(.internalError, "a declared zone cannot have basis \(basis.rawValue)")
        }
        self.timeZone = try Timestamp.timeZone(name)
        self.name = name
        self.basis = basis
    }

    /// The instant a wall-clock time names in this zone, in milliseconds since 1970, and the
    /// `zone` member that says how it was found.
    ///
    /// Near a daylight-saving change a local time can occur twice or never. Both cases are
    /// resolved the way RFC 5545 and Python's `fold=0` resolve them, and the event says so:
    /// a repeated time is the earlier instant; a skipped time takes the offset before the change.
    public func resolve(_ local: LocalDateTime) -> (epochMilliseconds: Int64, zone: EventZone) {
        let wall = local.secondsAsIfUTC
        // No zone has had two offset changes within two days, so the offsets one day either
        // side are the only candidates.
        let before = offset(atInstant: wall - 86_400)
        let after = offset(atInstant: wall + 86_400)
        let fits = Set([before, after]).filter { offset(atInstant: wall - Int64($0)) == $0 }
        let chosen: Int
        var dst: DSTCase?
        if fits.count == 2 {
            chosen = fits.max()!
            dst = .repeated
        } else if let only = fits.first {
            chosen = only
        } else {
            chosen = before
            dst = .skipped
        }
        let ms = (wall - Int64(chosen)) * 1000
        return (ms, EventZone(basis: basis, name: name, offsetSeconds: chosen, dst: dst))
    }

    /// The zone's offset at an instant, rounded to the minute. Before standard time (about 1900)
    /// the database gives local mean time to the second (Berlin +0:53:28), which an event's
    /// `offset` (`+00:53`) cannot write, and the offset applied must be the one written
    /// (docs/TIMELINE.md §3: `time` = `local_time` − `offset`).
    func offset(atInstant seconds: Int64) -> Int {
        let exact = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return Int((Double(exact) / 60).rounded()) * 60
    }

    /// The first instant after `seconds` at which the zone's offset changes, if the rules know one.
    func nextTransition(afterInstant seconds: Int64) -> Int64? {
        timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(seconds)))
            .map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }
}
