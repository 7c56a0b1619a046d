/// What an event is. The names are the `kind` values of docs/TIMELINE.md §6.
public enum EventKind: String, CaseIterable, Sendable {
    case message, media, system, call, deleted, edited, reaction, location, contact, poll, unparsed
    /// The placeholder of an item marked sensitive: its content is not shown (§8.6).
    case sensitive
}
