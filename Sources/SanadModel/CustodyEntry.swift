/// One line of `custody.jsonl`: an action on the case, chained to the line before it.
public struct CustodyEntry: Equatable, Sendable {
    public static let formatVersion: Int64 = 1
    /// `prev` of the first entry: there is no previous line.
    public static let genesisPrev = String(repeating: "0", count: 64)

    public enum Action: String, CaseIterable, Sendable {
        case caseCreated = "case-created"
        case collected, ingested, duplicate, amended, derived, note
        /// A sensitive item's content was shown (`--reveal-sensitive`).
        case viewed
        // Written by later stages; the log accepts them already.
        case sealed, exported, received, verified, disclosed
    }

    public var seq: Int64
    /// UTC, RFC 3339, as written by `Timestamp.utc`.
    public var time: String
    public var actor: String
    public var action: Action
    public var items: [String]
    public var details: JSONValue
    /// SHA-256 hex of the previous line's bytes (without its LF).
    public var prev: String
    /// Optional signature by the actor's key over the canonical entry without `sig`.
    public var sig: JSONValue?

    public init(
        seq: Int64, time: String, actor: String, action: Action, items: [String] = [],
        details: JSONValue = .object([:]), prev: String, sig: JSONValue? = nil
    ) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.items = items
        self.details = details
        self.prev = prev
        self.sig = sig
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "v": .int(Self.formatVersion),
            "seq": .int(seq),
            "time": .string(time),
            "actor": .object(["name": .string(actor)]),
            "action": .string(action.rawValue),
            "items": .array(items.map { .string($0) }),
            "details": details,
            "prev": .string(prev),
        ]
        if let sig { members["sig"] = sig }
        return .object(members)
    }

    /// The exact bytes of the line, without the LF terminator.
    public var canonicalLine: [UInt8] { CanonicalJSON.encode(json) }

    /// Reads an entry; `nil` with a reason when a required member is missing or mistyped.
    /// One pass over the members (a verifier decodes 100,000 entries; a lookup per member and
    /// a set of known names per entry cost more than the rest of the decoding).
    public static func decode(_ value: JSONValue) -> Result<CustodyEntry, SanadError> {
        guard case .object(let members) = value else {
            return .failure(SanadError(.workspaceDamaged, "missing format version 'v'"))
        }
        var fields = Fields()
        for (key, member) in members { fields.take(key, member) }
        return fields.entry()
    }

    /// Reads an entry from its members, given once each: those of a canonical line read in
    /// order by `JSONParser.membersInOrder`.
    public static func decode(members: [(key: String, value: JSONValue)]) -> Result<CustodyEntry, SanadError> {
        var fields = Fields()
        for m in members { fields.take(m.key, m.value) }
        return fields.entry()
    }

    /// The members of an entry as they are read, then checked.
    private struct Fields {
        var v: Int64?, seq: Int64?, time: String?, actor: String?, actionName: String?
        var itemsArray: [JSONValue]?, details: JSONValue?, prev: String?, sig: JSONValue?
        /// The first unknown member name, by byte order.
        var extra: String?

        mutating func take(_ key: String, _ member: JSONValue) {
            switch key {
            case "v": v = member.intValue
            case "seq": seq = member.intValue
            case "time": time = member.stringValue
            case "actor": actor = member["name"]?.stringValue
            case "action": actionName = member.stringValue
            case "items": itemsArray = member.arrayValue
            case "details": details = member
            case "prev": prev = member.stringValue
            case "sig": sig = member
            default: if extra == nil || key < extra! { extra = key }
            }
        }

        func entry() -> Result<CustodyEntry, SanadError> {
            func bad(_ why: String) -> Result<CustodyEntry, SanadError> { .failure(SanadError(.workspaceDamaged, why)) }
            guard let v else { return bad("missing format version 'v'") }
            guard v >= 1 else { return bad("format version \(v) does not exist") }
            guard v <= formatVersion else {
                return .failure(
                    .unsupportedVersion(found: Int(v), highestSupported: Int(formatVersion), what: "custody entry"))
            }
            guard let seq, let time, let actor, let actionName, let itemsArray, let details, let prev else {
                return bad("a required member is missing or has the wrong type")
            }
            guard let action = Action(rawValue: actionName) else { return bad("unknown action '\(actionName)'") }
            let items = itemsArray.compactMap(\.stringValue)
            guard items.count == itemsArray.count else { return bad("'items' must hold strings") }
            if let extra { return bad("unknown member '\(extra)'") }
            return .success(
                CustodyEntry(
                    seq: seq, time: time, actor: actor, action: action, items: items,
                    details: details, prev: prev, sig: sig))
        }
    }
}
