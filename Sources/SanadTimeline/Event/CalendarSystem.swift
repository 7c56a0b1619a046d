/// The calendar a year was written in; `local_time` is always Gregorian (docs/TIMELINE.md §5.2).
public enum CalendarSystem: String, Sendable {
    case gregorian, buddhist, japanese
}
