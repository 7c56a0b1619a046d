import SanadModel

/// What `sanad add` was asked to do.
public struct IngestRequest: Sendable {
    public var paths: [String]
    /// Declared on the command line; a manifest's defaults and items take precedence.
    public var fields: IntakeFields
    public var manifest: IntakeManifest?
    public var algorithms: [DigestAlgorithm]
    /// Who runs the command. Defaults to the command line's collector, then the manifest's
    /// default collector; never a per-file collector, who may be the victim.
    public var actor: String?
    /// The case's defaults (`init --timezone --locale --date-order`), beneath everything else;
    /// `Ingestor.run` reads them from the case file.
    public var caseDefaults = IntakeFields()

    public init(
        paths: [String], fields: IntakeFields, manifest: IntakeManifest? = nil,
        algorithms: [DigestAlgorithm] = [.sha256], actor: String? = nil
    ) {
        self.paths = paths
        self.fields = fields
        self.manifest = manifest
        self.algorithms = algorithms
        self.actor = actor
    }
}

/// What happened to one input file.
public struct IngestOutcome: Sendable {
    public enum Status: String, Sendable {
        case added
        /// New exhibit whose content is already in the case.
        case duplicate
        /// This very file was added before; nothing was recorded.
        case alreadyPresent = "already-present"
    }

    public let sourcePath: String
    public let id: String
    public let status: Status
    public let sha256: String
    public let size: Int64
    public let type: FileType
    public let duplicateOf: String?
    public let memberCount: Int?
    public let warnings: [String]

    public var json: JSONValue {
        .compactObject([
            "source": .string(sourcePath), "id": .string(id), "status": .string(status.rawValue),
            "sha256": .string(sha256), "size": .int(size), "type": .string(type.mime),
            "duplicate_of": .optional(duplicateOf), "members": memberCount.map { .int(Int64($0)) } ?? .null,
            "warnings": warnings.isEmpty ? .null : .array(warnings.map { .string($0) }),
        ])
    }
}

public struct IngestSummary: Sendable {
    public var outcomes: [IngestOutcome] = []
    /// Set when an input was kept but could not be fully read (a corrupt zip, a zip bomb).
    public var hadMalformedInput = false
    public var custodyHead = ""
    /// Notes from walking folders: links not followed, special files skipped.
    public var warnings: [String] = []
}

/// Progress of a long `add`, for a terminal display.
public struct IngestProgress: Sendable {
    public let filesDone: Int
    public let filesTotal: Int
    public let bytesDone: Int64
    public let bytesTotal: Int64
}
