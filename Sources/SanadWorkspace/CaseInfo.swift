import SanadModel

/// `sanad-case.json`: what the case is and who holds it.
public struct CaseInfo: Equatable, Sendable {
    public let caseID: String
    public let organisation: String
    public let created: String
    public let version: Int64
    /// What `add` records for an item whose collector declares none: the phones' zone, region
    /// format and date order (`init --timezone --locale --date-order`).
    public let defaults: Defaults

    public struct Defaults: Equatable, Sendable {
        public var timezone: String?
        public var locale: String?
        public var dateOrder: String?

        public init(timezone: String? = nil, locale: String? = nil, dateOrder: String? = nil) {
            self.timezone = timezone
            self.locale = locale
            self.dateOrder = dateOrder
        }

        public var isEmpty: Bool { timezone == nil && locale == nil && dateOrder == nil }

        public var json: JSONValue {
            .compactObject([
                "timezone": .optional(timezone), "locale": .optional(locale), "date_order": .optional(dateOrder),
            ])
        }
    }

    public init(caseID: String, organisation: String, created: String, defaults: Defaults = Defaults()) {
        self.caseID = caseID
        self.organisation = organisation
        self.created = created
        self.version = Workspace.formatVersion
        self.defaults = defaults
    }

    public init(json: JSONValue) throws(SanadError) {
        guard json["format"]?.stringValue == "sanad-workspace" else {
            throw SanadError(.workspaceDamaged, "sanad-case.json does not describe a Sanad workspace")
        }
        guard let v = json["version"]?.intValue else {
            throw SanadError(.workspaceDamaged, "sanad-case.json has no version")
        }
        guard v >= 1 else {
            throw SanadError(.workspaceDamaged, "sanad-case.json has version \(v), which does not exist")
        }
        guard v <= Workspace.formatVersion else {
            throw .unsupportedVersion(
                found: Int(v), highestSupported: Int(Workspace.formatVersion), what: "this workspace")
        }
        guard let id = json["case_id"]?.stringValue, let org = json["organisation"]?.stringValue,
            let created = json["created"]?.stringValue
        else { throw SanadError(.workspaceDamaged, "sanad-case.json lacks case_id, organisation or created") }
        caseID = id
        organisation = org
        self.created = created
        version = v
        let d = json["defaults"]
        defaults = Defaults(
            timezone: d?["timezone"]?.stringValue, locale: d?["locale"]?.stringValue,
            dateOrder: d?["date_order"]?.stringValue)
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "format": "sanad-workspace", "version": .int(version), "case_id": .string(caseID),
            "organisation": .string(organisation), "created": .string(created),
        ]
        if !defaults.isEmpty { o["defaults"] = defaults.json }
        return .object(o)
    }

    /// Case ids become folder and file names in reports; keep them plain.
    public static func validate(caseID: String) throws(SanadError) {
        let allowed = caseID.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0))
        }
        guard !caseID.isEmpty, caseID.count <= 64, allowed, !caseID.hasPrefix(".") else {
            throw SanadError(
                .usage, "case id '\(caseID)' must be 1-64 letters, digits, '-', '_' or '.'",
                hint: "For example: --case-id NGO-2026-014")
        }
    }
}
