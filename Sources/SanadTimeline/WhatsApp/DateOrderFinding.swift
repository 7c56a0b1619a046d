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
    /// The order to read the file with: the caller's, or the one the evidence decided. Nil,
    /// with basis `undecided`, when the evidence cannot decide: the events then state both
    /// readings rather than a guess (docs/TIMELINE.md §5.1).
    func resolve(given: DateOrder?) -> (DateOrder?, DateOrderBasis) {
        if let given { return (given, .given) }
        switch self {
        case .decided(let order, let basis, _): return (order, basis)
        case .ambiguous, .inconsistent: return (nil, .undecided)
        }
    }

}
