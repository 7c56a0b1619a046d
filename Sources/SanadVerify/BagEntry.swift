import SanadArchive

/// What the reader learnt about one archive entry, with the top folder stripped.
struct BagEntry: Sendable {
    let index: Int
    /// Path inside the bag, e.g. `data/E0001/original.jpg`.
    let path: String
    let rawPath: String
    let kind: ArchiveEntryInfo.Kind
    let declaredSize: Int64?
}

/// Per-entry results of reading an archive or folder.
struct BagContents: Sendable {
    var entries: [BagEntry] = []
    /// Every tag file (outside data/) and its SHA-256, lowercase hex. The tag manifest, custody
    /// and cross-checks all compare with these; nothing hashes 50,000 item records twice.
    var tagDigests: [String: String] = [:]
    /// The bytes of the tag files the checks read: all but the item records
    /// (`sanad/items/`), of which only the digests are needed.
    var tagFiles: [String: [UInt8]] = [:]
    /// Payload files: path → (SHA-256, size).
    var payload: [String: (sha256: String, size: Int64)] = [:]
    /// Payload files whose names end in `.p7m`: what each was found to be as an envelope.
    var envelopes: [String: EnvelopeReading] = [:]
    /// Why the container is unsafe or unreadable; any entry here makes the verdict "malformed".
    var unsafe: [String] = []
    var unreadable: String?
    var top: String?
    /// For an archive file: its format, size, SHA-256 and entries as the profile reader saw them.
    var container: ContainerScan?
    /// For an archive file that passed the profile: what libarchive's second reading disagreed
    /// on (empty when it agrees), or nil when it could not run (a pipe cannot be read twice).
    var disagreements: [String]?
    /// Tag files were still added after the early snapshot (see `BagReader.read(onTagFiles:)`).
    var tagSnapshotStale = false
}

extension BagContents {
    /// SHA-256 of tag file `path`, lowercase hex; nil when there is no such file.
    func tagDigest(_ path: String) -> String? { tagDigests[path] }

    /// Every tag file's path.
    var tagPaths: Dictionary<String, String>.Keys { tagDigests.keys }
}
