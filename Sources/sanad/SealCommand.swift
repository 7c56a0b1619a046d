import ArgumentParser
import Foundation
import SanadArchive
import SanadCrypto
import SanadIngest
import SanadIO
import SanadModel
import SanadSeal
import SanadWorkspace

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal", abstract: "Pack the case into a signed BagIt archive that anyone can verify.",
        discussion: "Makes no network access unless --tsa is given. Prints the archive's SHA-256 on stdout.")

    @OptionGroup var location: WorkspaceOptions

    @OptionGroup var signer: SignerOptions

    @Option(name: .long, help: "The archive to write (never overwritten).")
    var out: String

    @Option(
        name: .long,
        help: "zip (opens with a double click) or tar (pax). Default: as --out is named (.tar gives tar), else zip.")
    var format: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Leave this exhibit's original out of the archive; its SHA-256, size and type are sealed (repeatable).",
            valueName: "exhibit"))
    var withhold: [String] = []

    @Flag(name: .long, help: "Leave out the original of every item marked sensitive (and of any it duplicates).")
    var withholdSensitive = false

    @Option(
        name: .customLong("encrypt-to"),
        help: ArgumentHelp(
            "Seal every item marked sensitive in a CMS envelope only this certificate's holder can open "
                + "(RSA or EC; repeat for several recipients).",
            valueName: "cert.pem"))
    var encryptTo: [String] = []

    @Flag(
        name: .customLong("encrypt-all"),
        help: "With --encrypt-to: put every original in an envelope, not only sensitive ones.")
    var encryptAll = false

    @Option(
        name: .customLong("encrypt-archive-to"),
        help: ArgumentHelp(
            "Write the whole archive inside a CMS envelope only this certificate's holder can open; --out "
                + "must then end in .p7m (repeat for several recipients).",
            valueName: "cert.pem"))
    var encryptArchiveTo: [String] = []

    @Flag(
        name: .customLong("no-commitments"),
        help: ArgumentHelp(
            "Do not commit to each chat message for selective disclosure ('sanad disclose' then cannot cut "
                + "excerpts from this archive)."))
    var noCommitments = false

    @OptionGroup var output: OutputOptions

    /// Exhibit → reason for `sanad/withheld.json`: `sensitive` wins over `requested`.
    static func withheld(_ ws: Workspace, ids: [String], sensitive: Bool) throws(SanadError) -> [String: String] {
        var out: [String: String] = [:]
        for id in ids.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) {
            guard ExhibitID(id) != nil else {
                throw SanadError(.usage, "--withhold takes an exhibit number such as E0003, not '\(id)'")
            }
            out[id] = "requested"
        }
        guard sensitive else { return out }
        let catalog = try ItemCatalog(ws)
        for e in catalog.entries where e.isSensitive {
            // A sensitive duplicate has the bytes of its original: that file is withheld.
            out[e.committed.duplicateOf ?? e.id] = "sensitive"
        }
        return out
    }

    /// Exhibit → reason for `sanad/envelopes.json`, and the recipients' certificates. Withheld
    /// originals stay out; `--encrypt-to` with nothing to envelope is refused rather than sealing
    /// everything in the clear without a word.
    static func envelopes(
        _ ws: Workspace, to paths: [String], all: Bool, withheld: [String: String]
    ) throws(SanadError) -> ([String: String], [Certificate]) {
        guard !paths.isEmpty else {
            if all {
                throw SanadError(
                    .usage, "--encrypt-all needs --encrypt-to CERT.pem (who may open them)",
                    hint: "Add --encrypt-to with each recipient's certificate, e.g. a judge's from 'sanad key new'.")
            }
            return ([:], [])
        }
        let certs = try recipientCertificates(paths)
        var out: [String: String] = [:]
        let catalog = try ItemCatalog(ws)
        for e in catalog.entries where e.committed.duplicateOf == nil && e.committed.payloadPath != nil {
            if all { out[e.id] = "requested" }
        }
        for e in catalog.entries where e.isSensitive { out[e.committed.duplicateOf ?? e.id] = "sensitive" }
        for id in withheld.keys { out[id] = nil }
        guard !out.isEmpty else {
            throw SanadError(
                .usage, "--encrypt-to was given, but no item is marked sensitive (or all are withheld)",
                hint: "Add --encrypt-all to put every original in an envelope, or mark items with 'sanad amend'.")
        }
        return (out, certs)
    }

    /// The certificates of `--encrypt-to` or `--encrypt-archive-to`, each checked for use in an
    /// envelope, without repeats.
    static func recipientCertificates(_ paths: [String]) throws(SanadError) -> [Certificate] {
        var certs: [Certificate] = []
        for path in paths {
            let cert = try Certificate.loadAll(pem: try SigningIdentity.readFile(path, what: "recipient certificate"))[
                0]
            if let why = cert.envelopeProblem {
                throw SanadError(
                    .badKey, "\(path) cannot receive an envelope: \(why)",
                    hint: "Give an RSA or EC (P-256) certificate made for encryption, e.g. from 'sanad key new'.")
            }
            if !certs.contains(where: { $0.fingerprint == cert.fingerprint }) { certs.append(cert) }
        }
        return certs
    }

    /// The archive's format, from `--format` or `--out` (without the `.p7m` of an envelope, which
    /// `--encrypt-archive-to` requires and nothing else allows).
    func archiveFormat() throws(SanadError) -> ArchiveWriter.Format {
        let enveloped = out.lowercased().hasSuffix(".p7m")
        if !encryptArchiveTo.isEmpty, !enveloped {
            throw SanadError(
                .usage, "with --encrypt-archive-to, --out names the envelope and must end in .p7m",
                hint: "For example --out \(out).p7m.")
        }
        if encryptArchiveTo.isEmpty, enveloped {
            throw SanadError(.usage, "--out ends in .p7m, but no --encrypt-archive-to names who may open it")
        }
        return try OutputNaming.archiveFormat(format, out: enveloped ? String(out.dropLast(4)) : out)
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let fmt = try archiveFormat()
            let (when, urls) = try signer.timeAndAuthorities()
            let ws = try WorkspaceAccess.open(location)
            let identity = try signer.identity()
            let withheld = try Self.withheld(ws, ids: withhold, sensitive: withholdSensitive)
            let (envelope, recipients) = try Self.envelopes(ws, to: encryptTo, all: encryptAll, withheld: withheld)
            if !urls.isEmpty { console.note("asking \(urls.count) time-stamp authority(ies) over the network") }
            InterruptNote.set("no archive was written; the case is unchanged")
            Leftovers.clean(out, console)
            let meter = ProgressMeter(console, "sealing", expecting: ItemCatalog.storedBytes(ws))
            var request = SealRequest(
                identity: identity, outputPath: out, format: fmt, sealTime: when, timestampAuthorities: urls,
                actor: signer.actor)
            request.withhold = withheld
            request.envelope = envelope
            request.recipients = recipients
            request.archiveRecipients = try Self.recipientCertificates(encryptArchiveTo)
            request.commitments = !noCommitments
            let result = try Sealer(workspace: ws).seal(request)
            meter.stop()
            if output.json {
                console.json(result.json)
            } else {
                console.out(result.sha256)
                console.note(
                    "sealed \(result.itemCount) items (\(result.payloadFiles) payload files) into \(out); custody "
                        + "head \(result.custodyHead.prefix(16))…"
                )
                if !result.withheld.isEmpty {
                    let ids = result.withheld.joined(separator: ", ")
                    console.note(
                        "withheld \(ids): their files are not in the archive, their SHA-256 digests are sealed in "
                            + "sanad/withheld.json")
                }
                Self.noteCommitments(result, console)
                if let e = result.envelope {
                    console.note(
                        "the archive is inside an envelope for \(e.recipients.count) recipient(s): \(out) "
                            + "(\(e.size) bytes); the SHA-256 above is the archive's inside it, which "
                            + "'openssl cms -decrypt' gives back")
                }
                if !result.enveloped.isEmpty {
                    console.note(
                        "sealed \(result.enveloped.joined(separator: ", ")) in envelopes for "
                            + "\(result.recipients.count) "
                            + "recipient(s): only their keys open them (sanad/envelopes.json)")
                }
                console.note(
                    "give the recipient the SHA-256 above and your key's fingerprint "
                        + "\(Certificate.formatFingerprint(result.signerFingerprint))"
                )
            }
        }
    }

    private static func noteCommitments(_ result: SealResult, _ console: Console) {
        guard !result.committed.isEmpty else { return }
        let events = result.committed.reduce(0) { $0 + $1.events }
        console.note(
            "committed to \(events) events of \(result.committed.count) chat(s) for selective disclosure "
                + "('sanad disclose')")
    }
}
