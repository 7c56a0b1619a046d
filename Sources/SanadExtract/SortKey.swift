/// Where an event goes in a merged timeline (docs/TIMELINE.md §8.2).
///
/// - Group 0: events with an instant (`time`), by instant, then by item, then in file order.
/// - Group 1: events with a floating local time (no zone): an instant cannot be compared with
///   them, so they follow all timed events, item by item, each item's by local time.
/// - Group 2: events of an item that has no time at all.
/// An event without a time of its own (an unreadable line) takes the key of the event before it
/// in the same file, or of the first timed event after it at the start of a file, so it stays
/// next to the message it was found with.
public struct SortKey: Comparable, Sendable {
    public var group: Int64
    public var primary: Int64
    public var secondary: Int64
    public var sequence: Int64

    public init(group: Int64, primary: Int64, secondary: Int64, sequence: Int64) {
        self.group = group
        self.primary = primary
        self.secondary = secondary
        self.sequence = sequence
    }

    public static func < (a: SortKey, b: SortKey) -> Bool {
        if a.group != b.group { return a.group < b.group }
        if a.primary != b.primary { return a.primary < b.primary }
        if a.secondary != b.secondary { return a.secondary < b.secondary }
        return a.sequence < b.sequence
    }

    static let byteCount = 32

    init(_ raw: UnsafeRawBufferPointer) {
        func at(_ i: Int) -> Int64 { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
        self.init(group: at(0), primary: at(1), secondary: at(2), sequence: at(3))
    }
}
