import SanadModel
import SanadTimeline

/// The event numbers (`source.event`, docs/TIMELINE.md §2) of the parts of a file read after
/// its first part (§8.5).
///
/// An event's number is its sequence in its file: the keyer counts every event the parser gives.
/// A file read in one pass, and a file's first part, know it as they write each line. A later
/// part, read on a thread of its own while the parts before it are still being read, does not
/// know how many events come before it; so its sequence starts at `id << 40`, under an id this
/// table hands out (increasing, so the file's order is kept), and its lines are written without
/// a number. Once every part is read, the table learns how many events precede each such part,
/// and the sorter inserts `before + sequence − (id << 40)` into each of its lines as it hands
/// them out. The output is that of one pass, byte for byte; a numbered line costs one comparison.
struct PartNumbers {
    static let shift: Int64 = 40
    /// Events in a file's earlier parts, by part id; nil until known. Id 0 is every part whose
    /// lines carry their number.
    private var before: [Int64?] = [0]

    /// Whether a line sorted under `key` carries its number.
    @inline(__always)
    static func isNumbered(_ key: SortKey) -> Bool { key.sequence < 1 << shift }

    /// Parts given an id so far: the later parts of every file read in parts.
    var laterParts: Int { before.count - 1 }

    /// The id of a new part to come after the parts already read: its first sequence is `id << shift`.
    mutating func newPart() -> Int64 {
        before.append(nil)
        return Int64(before.count - 1)
    }

    /// How many events the file's parts before part `id` hold.
    mutating func set(eventsBefore count: Int, part id: Int64) {
        before[Int(id)] = Int64(count)
    }

    /// Hands `each` the line with its number, built in `scratch`; the line was written without it.
    func complete(
        _ key: SortKey, _ line: UnsafeRawBufferPointer, scratch: inout [UInt8],
        _ each: (SortKey, UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let id = Int(key.sequence >> Self.shift)
        guard id < before.count, let count = before[id] else {
            throw SanadError(.internalError, "an event of part \(id) of a file has no number: the part was not counted")
        }
        let number = count + key.sequence - (Int64(id) << Self.shift)
        scratch.removeAll(keepingCapacity: true)
        guard EventJSONWriter.insert(event: Int(number), into: line, &scratch) else {
            throw SanadError(.internalError, "a timeline line has no source to number")
        }
        try withRawBytes(scratch) { (raw: UnsafeRawBufferPointer) throws(SanadError) in try each(key, raw) }
    }
}
