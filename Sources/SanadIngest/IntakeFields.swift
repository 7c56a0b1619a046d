import Foundation
import SanadModel

/// What the collector declares about a file. Any field may be absent; `merged(over:)` layers a
/// manifest item over the manifest's defaults over the command-line flags.
public struct IntakeFields: Sendable, Equatable {
    public var collectedBy: String?
    public var collectedAt: String?
    public var method: String?
    public var platform: Platform?
    public var account: String?
    public var url: String?
    public var timezone: String?
    /// The order of day and month in the device's dates (`dmy`, `mdy`, `ymd`), as declared or
    /// as `locale` implies.
    public var dateOrder: String?
    /// The device's region format (`ar-IQ`), when declared.
    public var locale: String?
    public var sensitive: Bool?
    public var note: String?

    public init(
        collectedBy: String? = nil, collectedAt: String? = nil, method: String? = nil, platform: Platform? = nil,
        account: String? = nil, url: String? = nil, timezone: String? = nil, dateOrder: String? = nil,
        locale: String? = nil, sensitive: Bool? = nil, note: String? = nil
    ) {
        self.collectedBy = collectedBy
        self.collectedAt = collectedAt
        self.method = method
        self.platform = platform
        self.account = account
        self.url = url
        self.timezone = timezone
        self.dateOrder = dateOrder
        self.locale = locale
        self.sensitive = sensitive
        self.note = note
    }

    init(_ value: JSONValue, at place: String, manifest: String) throws(SanadError) {
        guard let obj = value.objectValue else { throw IntakeManifest.invalid(manifest, "\(place) must be a mapping") }
        if let extra = obj.keys.sorted().first(where: { !IntakeManifest.fieldKeys.contains($0) }) {
            throw IntakeManifest.invalid(manifest, "\(place): unknown key '\(extra)'")
        }
        func text(_ key: String) throws(SanadError) -> String? {
            guard let v = obj[key], v != .null else { return nil }
            guard let s = v.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw IntakeManifest.invalid(manifest, "\(place).\(key) must be non-empty text")
            }
            return s
        }
        collectedBy = try text("collected_by")
        collectedAt = try text("collected_at")
        method = try text("method")
        account = try text("account")
        url = try text("url")
        timezone = try text("timezone")
        dateOrder = try text("date_order")
        locale = try text("locale")
        note = try text("note")
        if let p = try text("platform") {
            guard let platform = Platform(rawValue: p) else {
                throw IntakeManifest.invalid(manifest, "\(place).platform: '\(p)' is not one of \(Platform.allNames)")
            }
            self.platform = platform
        }
        if let s = obj["sensitive"], s != .null {
            guard let b = s.boolValue else {
                throw IntakeManifest.invalid(manifest, "\(place).sensitive must be true or false")
            }
            sensitive = b
        }
        do {
            try validate()
        } catch {
            throw IntakeManifest.invalid(manifest, "\(place): \(error.message)")
        }
    }

    /// `self` wins where it has a value.
    public func merged(over base: IntakeFields) -> IntakeFields {
        IntakeFields(
            collectedBy: collectedBy ?? base.collectedBy, collectedAt: collectedAt ?? base.collectedAt,
            method: method ?? base.method, platform: platform ?? base.platform, account: account ?? base.account,
            url: url ?? base.url, timezone: timezone ?? base.timezone,
            // A locale and a date order describe one phone: either, declared, replaces both beneath.
            dateOrder: dateOrder ?? (locale == nil ? base.dateOrder : nil),
            locale: locale ?? (dateOrder == nil ? base.locale : nil),
            sensitive: sensitive ?? base.sensitive, note: note ?? base.note)
    }

    /// The date order to record: the one declared, else the one the locale implies.
    public func resolvedDateOrder() throws(SanadError) -> String? {
        if let dateOrder { return LocaleDateOrder.normalised(dateOrder) }
        if let locale { return try LocaleDateOrder.order(forLocale: locale) }
        return nil
    }

    /// Checks the zone, the time and the URL.
    ///
    /// `collected_at` must carry its own UTC offset: `timezone` is the zone of the device the
    /// evidence came from, which need not be where it was collected, so it is never assumed.
    public func validate() throws(SanadError) {
        if let timezone { _ = try Timestamp.timeZone(timezone) }
        if let dateOrder, LocaleDateOrder.normalised(dateOrder) == nil {
            throw SanadError(
                .usage, "'\(dateOrder)' is not a date order", hint: "Give dmy (day/month/year), mdy or ymd.")
        }
        if let locale { _ = try LocaleDateOrder.order(forLocale: locale) }
        if let collectedAt { _ = try Timestamp.parseDeclared(collectedAt, assumingZone: nil) }
        if let url {
            guard let u = URL(string: url), let scheme = u.scheme, ["http", "https"].contains(scheme.lowercased()),
                u.host != nil
            else {
                throw SanadError(
                    .usage, "'\(url)' is not an http(s) URL",
                    hint: "Give the full address, e.g. https://www.instagram.com/name/")
            }
        }
    }
}
