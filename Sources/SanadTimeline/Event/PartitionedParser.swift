import SanadModel

/// A parser whose event pass can read a large file as independent parts on several threads.
///
/// A file is cut only where an event with a time of its own begins, so that no event spans
/// two parts and the first event of every part after the first needs nothing from the part
/// before it (docs/TIMELINE.md §8.5). Events are the same, byte for byte, as one pass gives.
public protocol PartitionedParser: TimelineParser {
    associatedtype Plan: Sendable

    /// The first pass (what `parse(_:_:)` does before its events), and the parts the event
    /// pass may read at once: in file order and covering it; one for a small file or one
    /// that cannot be cut.
    func plan(_ input: some RangedByteInput) throws(SanadError) -> Plan

    func partCount(_ plan: Plan) -> Int

    /// The event pass over part `part` of `plan`, in file order. Fails with `io-error` when the
    /// part's bytes are not the ones the plan read.
    func parse(
        _ input: some RangedByteInput, plan: Plan, part: Int, _ each: (TimelineEvent) throws(SanadError) -> Void)
        throws(SanadError)
}
