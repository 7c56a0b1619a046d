/// The one error type that crosses module boundaries. Tests assert on `code`, never on `message`.
public struct SanadError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        case usage = "usage"
        case pathNotFound = "path-not-found"
        case pathUnreadable = "path-unreadable"
        case notAWorkspace = "not-a-workspace"
        case workspaceExists = "workspace-exists"
        case workspaceLocked = "workspace-locked"
        case workspaceDamaged = "workspace-damaged"
        case unsupportedVersion = "unsupported-version"
        case manifestInvalid = "manifest-invalid"
        case archiveCorrupt = "archive-corrupt"
        case archiveUnsafe = "archive-unsafe"
        case diskFull = "disk-full"
        case ioError = "io-error"
        case cryptoError = "crypto-error"
        case wrongPassphrase = "wrong-passphrase"
        case badKey = "bad-key"
        case invalidTime = "invalid-time"
        case invalidTimeZone = "invalid-time-zone"
        case dateOrderAmbiguous = "date-order-ambiguous"
        /// Evidence bytes differ from the digest the case recorded for them.
        case evidenceMismatch = "evidence-mismatch"
        /// An image over the preview's size or pixel limits (a decompression bomb), refused
        /// from its header before any pixel is decoded.
        case imageTooLarge = "image-too-large"
        /// An image libvips cannot decode: truncated, damaged, or not the type its bytes claim.
        case imageUndecodable = "image-undecodable"
        /// A system library one command loads on demand is missing or unusable (libvips, for
        /// `preview`); every other command runs without it.
        case libraryUnavailable = "library-unavailable"
        case internalError = "internal"
        /// Not an error: ends a streaming loop (`forEachChunk`) early, since a throw is its only
        /// way out. Caught by the code that threw it, by this code, never reported.
        case stopped = "stopped"
    }

    public let code: Code
    public let message: String
    /// What the user can do about it, in one sentence.
    public let hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func unsupportedVersion(found: Int, highestSupported: Int, what: String) -> SanadError {
        SanadError(
            .unsupportedVersion, "\(what) has format version \(found); this Sanad reads up to \(highestSupported)",
            hint: "Upgrade Sanad to read this file.")
    }
}
