/// What an event is. The names are the `kind` values of docs/TIMELINE.md §6.
public enum EventKind: String, CaseIterable, Sendable {
    case message, media, system, call, deleted, edited, reaction, location, contact, poll, unparsed
}
