/// Senders in order of first appearance, at most `limit` of them (docs/TIMELINE.md §2:
/// the senders seen in the export, not the group's membership).
struct ParticipantList: Sendable {
    let limit: Int
    private(set) var names: [String] = []
    private var seen: Set<String> = []

    init(limit: Int = 2048) {
        self.limit = limit
    }

    mutating func add(_ name: String?) {
        guard let name, names.count < limit, !seen.contains(name) else { return }
        seen.insert(name)
        names.append(name)
    }
}
