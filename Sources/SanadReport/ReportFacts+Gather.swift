import Foundation
import SanadExtract
import SanadFormat
import SanadModel
import SanadVerify

extension ReportFacts {
    /// Verifies `request.path`, then reads what the report shows from the files the verifier
    /// accepted. An archive that does not verify gives facts with its checks only.
    static func gather(_ request: ReportRequest) throws(SanadError) -> ReportFacts {
        let isDirectory = try ArchiveItems.checkPath(request.path)
        var options = request.verify
        // The report names what the verifier recomputed, and `--events` recomputes the roots it shows.
        options.recomputeCommitments = request.events.isEmpty
        let v = ArchiveVerifier.verify(path: request.path, options: options)
        var facts = ReportFacts(
            kind: v.excerpt == nil ? .archive : .excerpt,
            fileName: (request.path as NSString).lastPathComponent, verification: v, strict: request.strict,
            caseID: v.caseID, fileSHA256: v.archive?.sha256)
        facts.pinned = request.verify.pinnedFingerprint != nil
        facts.isFolder = isDirectory
        let read = VerifiedFiles(path: request.path, isDirectory: isDirectory, verification: v)
        // Only a file that verified is read: a tampered bag-info.txt names no one in the report.
        if facts.verified, let info = try read.file("bag-info.txt", limit: 1 << 20) {
            let fields = Dictionary(BagLayout.parseBagInfo(info) ?? [], uniquingKeysWith: { a, _ in a })
            facts.organisation = fields["Source-Organization"]
            facts.caseID = facts.caseID ?? fields["External-Identifier"]
        }
        if let excerpt = v.excerpt {
            guard request.events.isEmpty else {
                throw SanadError(
                    .usage, "--events selects messages from an archive; an excerpt shows the messages it discloses",
                    hint: "Leave out --events, or cut another excerpt with 'sanad disclose'.")
            }
            facts.excerptOf = excerpt.disclosure.archiveSHA256
            facts.instructionsName = ExcerptInstructions.fileName
            facts.instructions = try read.file(ExcerptInstructions.fileName, limit: 1 << 20)
            if facts.verified { facts.takeExcerpt(excerpt) }
            return facts
        }
        facts.instructions = try read.file("VERIFY.txt", limit: 1 << 20)
        guard facts.verified else {
            guard request.events.isEmpty else {
                throw SanadError(
                    .evidenceMismatch, "no messages can be shown from \(request.path): it does not verify",
                    hint: "Leave out --events for a report of its failed checks.")
            }
            return facts
        }
        let archive = try ArchiveItems(path: request.path, verified: v, options: options, strict: request.strict)
        try facts.takeArchive(archive)
        if !request.events.isEmpty {
            let sensitive = try facts.sensitiveAllowed(request)
            var select = ExcerptRequest(
                archivePath: request.path, outputPath: "", verify: options, createdAt: Date(timeIntervalSince1970: 0))
            select.events = request.events
            let proven = try Discloser().provenEvents(select, archive: archive)
            facts.conversations = proven.map(Self.conversation)
            for i in facts.conversations.indices {
                let id = facts.conversations[i].exhibit
                facts.conversations[i].sensitive = sensitive.contains(String(id.prefix { $0 != "." }))
            }
        }
        return facts
    }

    /// The sensitive items `request.events` may name: a sensitive item's messages are shown only
    /// when asked for with --reveal-sensitive (as the timeline's are).
    private func sensitiveAllowed(_ request: ReportRequest) throws(SanadError) -> Set<String> {
        let sensitive = Set(exhibits.filter(\.sensitive).map(\.id))
        let named = request.events.keys.filter { sensitive.contains(String($0.prefix { $0 != "." })) }.sorted()
        guard named.isEmpty || request.revealSensitive else {
            throw SanadError(
                .usage, "\(named.joined(separator: ", ")) is marked sensitive: its messages are not shown",
                hint: "Give --reveal-sensitive to show them; the report then says that they were asked for.")
        }
        return sensitive
    }

    private mutating func takeArchive(_ archive: ArchiveItems) throws(SanadError) {
        if let bytes = try archive.file(BagLayout.caseFile, limit: 1 << 20), let json = try? JSONParser.parse(bytes) {
            organisation = json["organisation"]?.stringValue ?? organisation
            caseID = json["case_id"]?.stringValue ?? caseID
        }
        let withheld = Set(verification.withheld.map(\.id))
        let enveloped = Set(verification.envelopes?.items.map(\.id) ?? [])
        for path in archive.bagPaths where path.hasPrefix("sanad/items/") && path.hasSuffix(".json") {
            guard let bytes = try archive.file(path, limit: Int64(ArchiveItems.maxItemFile)),
                let json = try? JSONParser.parse(bytes), var e = Exhibit(record: json)
            else { continue }
            e.withheld = withheld.contains(e.id)
            e.enveloped = enveloped.contains(e.id)
            exhibits.append(e)
        }
        exhibits.sort { (ExhibitID($0.id) ?? ExhibitID(number: 0)) < (ExhibitID($1.id) ?? ExhibitID(number: 0)) }
        if let log = try archive.file(BagLayout.custodyFile, limit: Int64(ArchiveItems.maxCustodyFile)) {
            for line in log.split(separator: 0x0A) {
                guard let json = try? JSONParser.parse(line), case .success(let entry) = CustodyEntry.decode(json)
                else { continue }
                custody.append(entry)
            }
        }
    }

    private mutating func takeExcerpt(_ excerpt: ExcerptSummary) {
        for e in excerpt.exhibits {
            let c = e.commitment
            exhibits.append(
                Exhibit(
                    id: c.exhibit, size: c.size, sha256: c.sha256, platform: c.platform, timezone: c.zone,
                    disclosed: (e.disclosedEvents, c.events)))
            conversations.append(Self.conversation(e))
        }
        for (item, _) in excerpt.items where !exhibits.contains(where: { $0.id == item.exhibit }) {
            exhibits.append(Exhibit(id: item.exhibit))
        }
    }

    static func conversation(_ e: ExcerptSummary.Exhibit) -> Conversation {
        let c = e.commitment
        return Conversation(
            exhibit: c.exhibit, platform: c.platform, parser: "\(c.parserName) \(c.parserVersion)", zone: c.zone,
            zoneBasis: c.zoneBasis, events: c.events, lines: ExcerptReading.lines(e), runs: e.runs)
    }
}

/// Files of a verified archive or excerpt, read where the verifier found them.
struct VerifiedFiles {
    let path: String
    let isDirectory: Bool
    let verification: VerificationResult

    func file(_ inner: String, limit: Int64) throws(SanadError) -> [UInt8]? {
        if isDirectory {
            let full = "\(path)/\(inner)"
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
                let size = attributes[.size] as? NSNumber, size.int64Value <= limit,
                let data = FileManager.default.contents(atPath: full)
            else { return nil }
            return Array(data)
        }
        guard
            let entry = verification.entries.first(where: { e in
                e.path.firstIndex(of: "/").map { String(e.path[e.path.index(after: $0)...]) == inner } ?? false
            }), entry.size <= limit
        else { return nil }
        var bytes: [UInt8] = []
        try entry.forEachChunk(in: path) { bytes += $0 }
        return bytes
    }
}
