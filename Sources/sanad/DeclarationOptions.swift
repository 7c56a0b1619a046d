import ArgumentParser
import SanadIngest
import SanadModel

/// What a collector declares about evidence: shared by `add`, which records it, and `amend`,
/// which corrects it, so that both take the same options with the same checks.
/// (`--sensitive` differs: a flag for `add`, true or false for `amend`.)
struct DeclarationOptions: ParsableArguments {
    @Option(name: .customLong("collected-by"), help: "Who collected the evidence.")
    var collectedBy: String?

    @Option(
        name: .customLong("collected-at"), help: "When it was collected (RFC 3339, e.g. 2026-03-02T10:00:00+03:00).")
    var collectedAt: String?

    @Option(name: .long, help: "How it was collected.")
    var method: String?

    @Option(name: .customLong("source-platform"), help: "Where it came from: \(Platform.allNames).")
    var sourcePlatform: String?

    @Option(name: .long, help: "The account it came from (phone number, user name).")
    var account: String?

    @Option(name: .long, help: "The URL it came from.")
    var url: String?

    @Option(name: .long, help: "The IANA time zone of the device it came from, e.g. Asia/Baghdad.")
    var timezone: String?

    @Option(
        name: .long,
        help: "The device's region format (e.g. ar-IQ), which sets the order of day and month in its chat exports.")
    var locale: String?

    @Option(
        name: .customLong("date-order"),
        help: "Or that order directly, as a date on the phone shows it: dmy (day/month/year), mdy or ymd.")
    var dateOrder: String?

    @Option(name: .long, help: "A note to record with each file.")
    var note: String?

    /// The declarations as fields, `sensitive` as given by the command.
    func fields(sensitive: Bool?) throws(SanadError) -> IntakeFields {
        var platform: Platform?
        if let p = sourcePlatform {
            guard let v = Platform(rawValue: p.lowercased()) else {
                throw SanadError(.usage, "unknown platform '\(p)'", hint: "Use one of \(Platform.allNames).")
            }
            platform = v
        }
        return IntakeFields(
            collectedBy: collectedBy, collectedAt: collectedAt, method: method, platform: platform, account: account,
            url: url, timezone: timezone, dateOrder: dateOrder, locale: locale, sensitive: sensitive, note: note)
    }
}
