import Foundation
import SanadModel
import SanadTimeline

/// Which events a timeline keeps (`sanad timeline --from --to --participant --platform --contains`).
/// All given conditions must hold; each list matches when any of its values does.
public struct TimelineFilter: Sendable {
    /// Instants in milliseconds since 1970: `--from` inclusive, `--to` exclusive.
    public var from: Int64?
    public var to: Int64?
    /// Matched, ignoring case, against the sender's name, phone and id and against the
    /// conversation's title and participants: all the conversations a person takes part in.
    public var participants: [String] = []
    public var platforms: Set<Platform> = []
    /// Matched, ignoring case, against the text and the attachments' names.
    public var contains: [String] = []
    /// Keep the `container` events of structured exports (their bytes are no message).
    public var includeContainer = false

    public init() {}

    public var isTimeBounded: Bool { from != nil || to != nil }

    public var json: JSONValue {
        .compactObject([
            "from": from.map { .string(Timestamp.utc(epochMilliseconds: $0)) } ?? .null,
            "to": to.map { .string(Timestamp.utc(epochMilliseconds: $0)) } ?? .null,
            "participant": participants.isEmpty ? .null : .array(participants.map { .string($0) }),
            "platform": platforms.isEmpty ? .null : .array(platforms.map(\.rawValue).sorted().map { .string($0) }),
            "contains": contains.isEmpty ? .null : .array(contains.map { .string($0) }),
            "include_container": .bool(includeContainer),
        ])
    }

    /// Whether the event's own content passes (the time window is checked on its sort key).
    /// Names and text are compared folded as search folds them (`TextFolding`: Arabic letter
    /// forms, harakat, digits) and ignoring case; phone numbers by their digits, so that
    /// `+964 770 000 0001`, `+9647700000001` and `0770 000 0001` name the same line.
    func keeps(_ e: TimelineEvent) -> Bool {
        if e.reason == .container, !includeContainer { return false }
        if !platforms.isEmpty, !platforms.contains(e.platform) { return false }
        if !participants.isEmpty {
            var fields: [String] = e.conversation.participants
            if let t = e.conversation.title { fields.append(t) }
            if let s = e.sender { fields += [s.name, s.phone, s.id].compactMap { $0 } }
            guard participants.contains(where: { Self.matches(participant: $0, in: fields) }) else { return false }
        }
        if !contains.isEmpty {
            let fields = ([e.text].compactMap { $0 } + e.attachments.compactMap(\.name)).map(TextFolding.fold)
            let found = contains.map(TextFolding.fold).contains { c in fields.contains { $0.contains(c) } }
            guard found else { return false }
        }
        return true
    }

    /// A participant filter matches a field that contains it (folded), or, when both are phone
    /// numbers, a field that is the same number however it is written.
    static func matches(participant p: String, in fields: [String]) -> Bool {
        let folded = TextFolding.fold(p)
        let digits = TextFolding.phoneDigits(p)
        return fields.contains { field in
            if TextFolding.fold(field).contains(folded) { return true }
            guard let digits, let other = TextFolding.phoneDigits(field) else { return false }
            return TextFolding.samePhone(digits, other)
        }
    }

    /// Whether an event with this key lies in the time window. Events with no instant (group
    /// 1 and 2) never do: a floating time cannot be placed against an instant.
    func inWindow(_ key: SortKey) -> Bool {
        guard isTimeBounded else { return true }
        guard key.group == 0 else { return false }
        if let from, key.primary < from { return false }
        if let to, key.primary >= to { return false }
        return true
    }
}
