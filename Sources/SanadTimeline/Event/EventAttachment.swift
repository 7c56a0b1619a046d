import SanadModel

/// A file an event refers to (docs/TIMELINE.md §2.1).
public struct EventAttachment: Equatable, Sendable {
    public enum Status: String, Sendable {
        /// The export carries the file: it is `exhibit`.
        case linked
        /// The export names a file the parser was not given.
        case named
        /// The export says the media was left out.
        case omitted
    }

    public enum Media: String, CaseIterable, Sendable {
        case image, video, audio, sticker, gif, document, contact
    }

    public var name: String?
    public var status: Status
    public var exhibit: String?
    public var media: Media?

    public init(name: String?, status: Status, exhibit: String? = nil, media: Media? = nil) {
        self.name = name
        self.status = status
        self.exhibit = exhibit
        self.media = media
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["name": .optional(name), "status": .string(status.rawValue)]
        if let exhibit { o["exhibit"] = .string(exhibit) }
        if let media { o["media"] = .string(media.rawValue) }
        return .object(o)
    }
}
