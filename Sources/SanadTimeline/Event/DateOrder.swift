import SanadModel

/// The order of day, month and year in a date whose order the source does not state.
public enum DateOrder: String, CaseIterable, Sendable {
    case dmy, mdy, ymd

    /// Reads `dmy`, `DMY`, `d/m/y`, as a `--date-order` option would be written.
    public init?(option: String) {
        let letters = option.lowercased().filter { $0.isLetter }
        self.init(rawValue: letters)
    }
}

/// Why a date order was used (docs/TIMELINE.md §5.1).
public enum DateOrderBasis: String, Sendable {
    /// Decided from evidence across the whole file.
    case inferred
    /// Given by the caller (`--date-order`).
    case given
    /// Declared for the item at ingest (`sanad add --date-order` or `--locale`, or the case's
    /// default), or amended since (`sanad amend`).
    case declared
    /// Every date in the file reads the same in either order.
    case immaterial
    /// The file's dates read both ways and no order was given or declared: each event states
    /// every reading in `local_time_readings` and has no `local_time` and no `time`.
    case undecided
}
