import Foundation
import SanadModel
import SanadVerify

/// What `sanad report` is asked for.
public struct ReportRequest {
    /// The archive (zip, tar or unpacked bag) or excerpt to report on.
    public var path: String
    public var outputPath: String
    /// The parts, in order: each language's part starts on a new page.
    public var languages: [ReportLanguage] = [.ar, .en]
    public var verify: ArchiveVerifier.Options
    public var strict = false
    /// For an archive: the messages to show, by exhibit and event number (as `disclose --events`).
    public var events: [String: [ClosedRange<Int>]] = [:]
    /// Whether `events` may name an item marked sensitive.
    public var revealSensitive = false

    public init(path: String, outputPath: String, verify: ArchiveVerifier.Options) {
        self.path = path
        self.outputPath = outputPath
        self.verify = verify
    }
}

/// What `sanad report` wrote.
public struct ReportResult: Sendable {
    public var path: String
    public var sha256: String
    public var size: Int64
    public var pages: Int
    public var verdict: String
    public var outcome: String
    public var languages: [String]
    public var messages: Int
    public var exhibits: Int

    public var json: JSONValue {
        [
            "path": .string(path), "sha256": .string(sha256), "size": .int(size), "pages": .int(Int64(pages)),
            "verdict": .string(verdict), "outcome": .string(outcome),
            "languages": .array(languages.map { .string($0) }),
            "messages": .int(Int64(messages)), "exhibits": .int(Int64(exhibits)),
        ]
    }
}
