/// The image types a preview decodes, each with its own libvips loader. The type comes from the
/// file's bytes (Ingest's sniffer) and must agree with the item record's; libvips's own
/// detection is never used, so a file cannot reach a loader its type does not name.
public enum ImageFormat: String, CaseIterable, Sendable {
    case jpeg, png, heic, webp

    public init?(mime: String) {
        guard let f = Self.allCases.first(where: { $0.mime == mime }) else { return nil }
        self = f
    }

    public var mime: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .heic: "image/heic"
        case .webp: "image/webp"
        }
    }

    /// Whether libvips decodes the whole frame at once (libheif does), rather than strip by
    /// strip: such an image costs its full size in memory, so it gets a lower pixel limit.
    var decodesWholeFrame: Bool { self == .heic }

    /// The names used in messages: "JPEG, PNG, HEIC or WebP".
    public static let supportedNames = "JPEG, PNG, HEIC or WebP"
}
