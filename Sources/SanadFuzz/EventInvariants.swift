import SanadModel
import SanadTimeline

/// The rules of docs/TIMELINE.md §1–§6 that hold for every event of every parser, checked on
/// the event's JSON as it would be written (not on the Swift value), so that what a court sees
/// is what is checked.
enum EventInvariants {
    static let members: Set<String> = [
        "v", "time", "local_time", "zone", "platform", "conversation", "sender", "kind", "text", "attachments",
        "reply_to", "forwarded_from", "source", "parser",
    ]

    /// Every rule `event` breaks, as `invariant` or `canonical-json` violations.
    static func check(_ event: TimelineEvent, parser: any TimelineParser.Type, context: ParseContext) -> [Violation] {
        var found: [String] = []
        let json = event.json
        let o = json.objectValue ?? [:]
        func bad(_ why: String) { found.append(why) }

        let kind = o["kind"]?.stringValue ?? ""
        var expected = members
        if kind == "unparsed" { expected.insert("reason") }
        if o["local_time_readings"] != nil { expected.insert("local_time_readings") }
        checkReadings(o, bad)
        if Set(o.keys) != expected { bad("members are \(o.keys.sorted()), expected \(expected.sorted())") }
        if o["v"] != .int(1) { bad("v is not 1") }
        if EventKind(rawValue: kind) == nil { bad("unknown kind \(kind)") }
        if let reason = o["reason"], reason.stringValue.flatMap(UnparsedReason.init(rawValue:)) == nil {
            bad("unknown reason \(reason)")
        }
        if o["platform"]?.stringValue.flatMap(Platform.init(rawValue:)) == nil { bad("unknown platform") }

        checkTime(o, context: context, bad)
        checkPeople(o, bad)
        checkAttachments(o["attachments"], bad)
        checkSource(o["source"], context: context, bad)
        checkParser(
            o["parser"], parser: parser,
            hasLocalTime: o["local_time"] != .null || o["local_time_readings"] != nil, bad)
        for key in ["reply_to", "forwarded_from", "text"] where !isStringOrNull(o[key]) {
            bad("\(key) is not a string or null")
        }

        if kind == "unparsed" {
            let reason = o["reason"]?.stringValue
            if reason != "not-utf8", o["sender"] != .null || o["local_time"] != .null {
                bad("an unparsed event with reason \(reason ?? "nil") has a sender or a time")
            }
            if reason == "not-utf8" || reason == "container", o["text"] != .null {
                bad("reason \(reason ?? "") with text")
            }
        }
        var violations = found.map { Violation("invariant", $0) }
        violations += checkCanonical(event)
        return violations
    }

    /// Readings of an undecided date: one or two distinct local times, on an event with no
    /// local time, no zone and no time, whose parser says the order is undecided.
    static func checkReadings(_ o: [String: JSONValue], _ bad: (String) -> Void) {
        let undecided = o["parser"]?["date_order_basis"]?.stringValue == "undecided"
        guard let readings = o["local_time_readings"] else {
            if undecided { bad("date order undecided but no local_time_readings") }
            return
        }
        let values = readings.arrayValue?.compactMap(\.stringValue) ?? []
        if values.isEmpty || values.count > 2 || Set(values).count != values.count
            || values.count != readings.arrayValue?.count
        {
            bad("local_time_readings \(readings) is not one or two distinct strings")
        }
        if values.contains(where: { wallSeconds($0) == nil }) { bad("a reading is not YYYY-MM-DDTHH:MM[:SS]") }
        if o["local_time"] != .null || o["time"] != .null || o["zone"] != .null {
            bad("an event with readings has a local_time, time or zone")
        }
        if !undecided { bad("local_time_readings without date_order_basis undecided") }
        if o["parser"]?["date_order"] != nil { bad("a date order on an undecided event") }
    }

    /// `time` is null exactly when there is no local time or its zone is unknown, and is the
    /// local time minus the offset applied.
    static func checkTime(_ o: [String: JSONValue], context: ParseContext, _ bad: (String) -> Void) {
        let time = o["time"] ?? .null, local = o["local_time"] ?? .null, zone = o["zone"] ?? .null
        guard isStringOrNull(time), isStringOrNull(local) else {
            return bad("time or local_time is not a string or null")
        }
        if (local == .null) != (zone == .null) {
            bad("zone is \(zone == .null ? "" : "not ")null but local_time is \(local == .null ? "" : "not ")null")
        }
        let basis = zone["basis"]?.stringValue
        let floating = local == .null || basis == "unknown"
        if floating != (time == .null) {
            bad("time is \(time == .null ? "" : "not ")null with local_time \(local) and basis \(basis ?? "nil")")
        }
        if zone != .null { checkZone(zone, context: context, bad) }
        guard let t = time.stringValue else { return }
        guard t.hasSuffix("Z"), let ms = milliseconds(t) else {
            return bad("time \(t) is not RFC 3339 UTC with milliseconds")
        }
        guard let l = local.stringValue, let wall = wallSeconds(l) else {
            return bad("local_time \(local) is not YYYY-MM-DDTHH:MM[:SS]")
        }
        guard let offset = zone["offset"]?.stringValue.flatMap(offsetSeconds) else { return }
        let delta = ms - (wall - Int64(offset)) * 1000
        let unit: Int64 = l.count == 19 ? 1000 : 60_000
        if delta < 0 || delta >= unit { bad("time \(t) is not local_time \(l) minus offset \(offset) s") }
    }

    static func checkZone(_ zone: JSONValue, context: ParseContext, _ bad: (String) -> Void) {
        guard let z = zone.objectValue, let basis = z["basis"]?.stringValue.flatMap(ZoneBasis.init(rawValue:)) else {
            return bad("zone \(zone) has no known basis")
        }
        var allowed: Set<String> = ["basis"]
        switch basis {
        case .unknown: break
        case .sourceOffset, .sourceInstant: allowed.insert("offset")
        case .declaredAtIngest, .amended, .givenToTimeline:
            allowed.formUnion(["name", "offset", "dst"])
            // Never a guessed zone: a declared basis only with the zone the context declared.
            if context.zone?.basis != basis || context.zone?.name != z["name"]?.stringValue {
                bad("zone \(zone) was not declared in the context")
            }
            if z["name"] == nil { bad("declared zone without a name") }
        }
        if !Set(z.keys).isSubset(of: allowed) {
            bad("zone with basis \(basis.rawValue) has members \(z.keys.sorted())")
        }
        if basis != .unknown, z["offset"]?.stringValue.flatMap(offsetSeconds) == nil {
            bad("zone \(zone) has no valid offset")
        }
        if basis == .sourceInstant, z["offset"] != "+00:00" {
            bad("source-instant zone with offset \(z["offset"] ?? .null)")
        }
        if let dst = z["dst"], dst.stringValue.flatMap(DSTCase.init(rawValue:)) == nil { bad("unknown dst \(dst)") }
    }

    static func checkPeople(_ o: [String: JSONValue], _ bad: (String) -> Void) {
        if let text = o["text"]?.stringValue, hasFormatMark(text) { bad("text keeps a format mark") }
        let conversation = o["conversation"]?.objectValue ?? [:]
        if Set(conversation.keys) != ["title", "participants"] {
            bad("conversation members \(conversation.keys.sorted())")
        }
        if !isStringOrNull(conversation["title"]) { bad("conversation title is not a string or null") }
        if let title = conversation["title"]?.stringValue, hasFormatMark(title) { bad("title keeps a format mark") }
        guard let participants = conversation["participants"]?.arrayValue,
            participants.allSatisfy({ $0.stringValue.map { !hasFormatMark($0) } ?? false })
        else { return bad("participants are not strings without format marks") }
        guard let sender = o["sender"], sender != .null else { return }
        guard let s = sender.objectValue, let name = s["name"]?.stringValue,
            Set(s.keys).isSubset(of: ["name", "phone", "id"])
        else { return bad("sender \(sender) is malformed") }
        if hasFormatMark(name) { bad("sender name keeps a format mark") }
        if let phone = s["phone"] {
            guard let p = phone.stringValue, p.first == "+", p.count > 1,
                p.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            else {
                return bad("sender phone \(phone) is not + and digits")
            }
        }
        if let id = s["id"], id.stringValue == nil { bad("sender id is not a string") }
    }

    static func checkAttachments(_ value: JSONValue?, _ bad: (String) -> Void) {
        guard let list = value?.arrayValue else { return bad("attachments is not an array") }
        for a in list {
            guard let m = a.objectValue, Set(m.keys).isSubset(of: ["name", "status", "exhibit", "media"]),
                let status = m["status"]?.stringValue.flatMap(EventAttachment.Status.init(rawValue:)),
                isStringOrNull(m["name"])
            else { bad("attachment \(a) is malformed"); continue }
            if (status == .linked) != (m["exhibit"]?.stringValue != nil) { bad("attachment \(a): exhibit iff linked") }
            if let media = m["media"], media.stringValue.flatMap(EventAttachment.Media.init(rawValue:)) == nil {
                bad("attachment media \(media) is unknown")
            }
        }
    }

    static func checkSource(_ value: JSONValue?, context: ParseContext, _ bad: (String) -> Void) {
        guard let s = value?.objectValue, Set(s.keys) == ["exhibit", "sha256", "offset", "length", "line"] else {
            return bad("source \(value ?? .null) is malformed")
        }
        if s["exhibit"] != .optional(context.exhibit) {
            bad("source exhibit \(s["exhibit"] ?? .null) is not the context's")
        }
        if s["offset"]?.intValue == nil || s["length"]?.intValue == nil || s["line"]?.intValue == nil {
            bad("source numbers")
        }
    }

    static func checkParser(
        _ value: JSONValue?, parser: any TimelineParser.Type, hasLocalTime: Bool, _ bad: (String) -> Void
    ) {
        guard let p = value?.objectValue, p["name"]?.stringValue == parser.name,
            p["version"]?.stringValue == parser.version,
            Set(p.keys).isSubset(of: [
                "name", "version", "date_order", "date_order_basis", "calendar", "time_from", "weak",
                "date_order_declared",
            ])
        else { return bad("parser \(value ?? .null) is not \(parser.name) \(parser.version)") }
        if let order = p["date_order"], order.stringValue.flatMap(DateOrder.init(rawValue:)) == nil {
            bad("date_order \(order)")
        }
        if let basis = p["date_order_basis"], basis.stringValue.flatMap(DateOrderBasis.init(rawValue:)) == nil {
            bad("date_order_basis \(basis)")
        }
        if let calendar = p["calendar"], calendar.stringValue.flatMap(CalendarSystem.init(rawValue:)) == nil {
            bad("calendar \(calendar)")
        }
        if let from = p["time_from"], from.stringValue.flatMap(TimeSource.init(rawValue:)) == nil {
            bad("time_from \(from)")
        }
        if let weak = p["weak"], weak != .bool(true) { bad("weak is present only as true, not \(weak)") }
        if !hasLocalTime, p["date_order"] != nil || p["date_order_basis"] != nil || p["calendar"] != nil {
            bad("how a date was read, on an event without local_time")
        }
    }

    /// The `.jsonl` line is one line, parses, and re-encodes to the same bytes.
    static func checkCanonical(_ event: TimelineEvent) -> [Violation] {
        let line = event.jsonLine
        guard line.last == 0x0A, !line.dropLast().contains(0x0A) else {
            return [Violation("canonical-json", "not one line")]
        }
        guard let parsed = try? JSONParser.parse(line.dropLast()) else {
            return [Violation("canonical-json", "the line does not parse")]
        }
        if CanonicalJSON.encode(parsed) != Array(line.dropLast()) {
            return [Violation("canonical-json", "re-encoding changes the line")]
        }
        if parsed != event.json { return [Violation("canonical-json", "the line reads back as another event")] }
        return []
    }

    static func isStringOrNull(_ v: JSONValue?) -> Bool {
        guard let v else { return false }
        return v == .null || v.stringValue != nil
    }

    static func hasFormatMark(_ s: String) -> Bool {
        s.unicodeScalars.contains {
            [0x200E, 0x200F, 0x061C, 0xFEFF].contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        }
    }

    /// `+03:00` → 10800.
    static func offsetSeconds(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == 0x2B || b[0] == 0x2D, b[3] == 0x3A,
            let h = Int(String(decoding: b[1...2], as: UTF8.self)),
            let m = Int(String(decoding: b[4...5], as: UTF8.self)),
            h < 24, m < 60
        else { return nil }
        return (b[0] == 0x2D ? -1 : 1) * (h * 3600 + m * 60)
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` as seconds since 1970 read as UTC, if it is a valid time.
    static func wallSeconds(_ s: String) -> Int64? {
        let b = Array(s.utf8)
        guard b.count == 16 || b.count == 19 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            b[r].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? Int(String(decoding: b[r], as: UTF8.self)) : nil
        }
        guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b.count == 16 || b[16] == 0x3A,
            let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16)
        else { return nil }
        let sec = b.count == 19 ? num(17..<19) : 0
        guard let sec, let local = LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: sec) else {
            return nil
        }
        return local.secondsAsIfUTC
    }

    /// `2022-03-18T11:56:00.123Z` → milliseconds since 1970.
    static func milliseconds(_ t: String) -> Int64? {
        let b = Array(t.utf8)
        guard b.count == 24, let wall = wallSeconds(String(decoding: b[0..<19], as: UTF8.self)),
            b[19] == 0x2E, b[20...22].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let ms = Int64(String(decoding: b[20...22], as: UTF8.self))
        else { return nil }
        return wall * 1000 + ms
    }
}
