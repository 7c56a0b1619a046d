import SanadModel

/// What a whole file says about its date order (docs/TIMELINE.md §5.1).
public enum DateOrderFinding: Equatable, Sendable {
    /// `line` is the first line that decided it (nil when immaterial).
    case decided(DateOrder, DateOrderBasis, line: Int?)
    /// Every date is valid both as day/month and as month/day, and some read differently.
    /// `line` is the first such date.
    case ambiguous(line: Int)
    /// Some dates are valid only as day/month and others only as month/day.
    case inconsistent(dmyLine: Int, mdyLine: Int)
}

extension DateOrderFinding {
    /// The order to read the file with: the caller's, or the one the evidence decided.
    /// Throws `date-order-ambiguous` rather than guess.
    func resolve(given: DateOrder?, label: String) throws(SanadError) -> (DateOrder, DateOrderBasis) {
        if let given { return (given, .given) }
        switch self {
        case .decided(let order, let basis, _):
            return (order, basis)
        case .ambiguous(let line):
            throw SanadError(
                .dateOrderAmbiguous,
                "\(label): every date could be day/month or month/day (line \(line) is the first that reads "
                    + "differently)",
                hint: "Check a date on the phone and give the order with --date-order dmy or --date-order mdy.")
        case .inconsistent(let d, let m):
            throw SanadError(
                .dateOrderAmbiguous,
                "\(label): line \(d) is only a valid date as day/month, line \(m) only as month/day",
                hint:
                    "The file may join two exports; give the order with --date-order dmy or --date-order mdy, and "
                    + "the other dates will be listed as unparsed."
            )
        }
    }
}
