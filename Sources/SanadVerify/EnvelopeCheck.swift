import SanadCrypto
import SanadCustody
import SanadFormat
import SanadModel

/// Originals the sealer put in envelopes for named recipients (`sanad/envelopes.json`,
/// docs/FORMAT.md §2.2): that each envelope is in Sanad's form, holds as much as the sealed
/// plaintext, and is addressed to exactly the listed recipients (`envelopes`); and, with a
/// recipient's key, that its content is the sealed plaintext (`envelope-content`).
enum EnvelopeCheck {
    /// The sealed list and recipients, if the bag has them; a list that cannot be read, or
    /// certificates that are not the listed recipients, fail `envelopes`.
    static func read(_ c: BagContents, into r: inout VerificationResult) -> EnvelopeList? {
        guard let bytes = c.tagFiles[EnvelopeList.path] else {
            if c.tagFiles[EnvelopeList.certificatesPath] != nil {
                r.report.add(
                    .init(.envelopes, .fail, "\(EnvelopeList.certificatesPath) is present without \(EnvelopeList.path)")
                )
            }
            return nil
        }
        switch EnvelopeList.parse(bytes) {
        case .success(let list):
            let certs = recipients(c)
            guard let certs, certs.map(\.fingerprint) == list.recipients.map(\.fingerprint) else {
                r.report.add(
                    .init(
                        .envelopes, .fail,
                        "\(EnvelopeList.certificatesPath) does not hold exactly the recipients "
                            + "\(EnvelopeList.path) lists, in its order"))
                return list
            }
            return list
        case .failure(let e):
            r.report.add(.init(.envelopes, .fail, e.message, subject: EnvelopeList.path))
            return nil
        }
    }

    static func recipients(_ c: BagContents) -> [Certificate]? {
        guard let pem = c.tagFiles[EnvelopeList.certificatesPath] else { return nil }
        return try? Certificate.loadAll(pem: pem)
    }

    /// Why a listed envelope is not what the custody log recorded, or nil when it is.
    static func mismatch(_ e: EnvelopeList.Item, _ item: CommittedItem) -> String? {
        guard e.sha256 == item.sha256, e.size == item.size, e.original == item.payloadPath else {
            return "\(e.id): \(EnvelopeList.path) gives another SHA-256, size or path than the custody log recorded"
        }
        return nil
    }

    /// `custody-items` for an item in an envelope: the manifest lists the envelope (marked as
    /// owned), the sealed list the plaintext as the log recorded it, and the plaintext is absent.
    static func itemProblems(
        _ e: EnvelopeList.Item, _ item: CommittedItem, payload: String, _ manifest: ManifestFile, _ owned: inout [Bool]
    ) -> [(String, String)] {
        var problems: [(String, String)] = []
        let i = manifest.index[e.payload]
        if let i { owned[i] = true }
        if let why = mismatch(e, item) {
            problems.append((item.id, why))
        } else if i == nil {
            problems.append((item.id, "\(item.id): its envelope \(e.payload) is missing"))
        }
        if let j = manifest.index[payload] {
            owned[j] = true
            problems.append(
                (item.id, "\(item.id) is sealed in an envelope, yet \(payload) is in the archive in the clear"))
        }
        return problems
    }

    /// Every listed envelope as the reader found it, once the payload has been read.
    static func run(_ c: BagContents, keyGiven: Bool, keyUsed: Bool = false, into r: inout VerificationResult) {
        // Without a list, a `.p7m` payload file belongs to no item: custody-items fails it.
        guard let list = r.envelopes else {
            if keyGiven, !keyUsed {
                r.report.add(
                    .init(
                        .envelopeContent, .info,
                        "a recipient's key was given, but the archive holds no envelopes: nothing needed it"))
            }
            return
        }
        let certs = recipients(c) ?? []
        var failed = false
        for e in list.items {
            guard let reading = c.envelopes[e.payload] else { continue }  // missing: custody-items
            if let why = problem(e, reading, list: list, certs: certs) {
                r.report.add(.init(.envelopes, .fail, "\(e.id): \(e.payload) \(why)", subject: e.payload))
                failed = true
            }
        }
        if !failed {
            let names = list.recipients.map(\.subject).joined(separator: "; ")
            r.report.add(
                .init(
                    .envelopes, .info,
                    "\(list.items.count) item(s) sealed in envelopes (CMS AuthEnvelopedData, AES-256-GCM) that only "
                        + "\(list.recipients.count) recipient(s) can open: \(names). "
                        + "Their plaintext digests are sealed: "
                        + list.items.map { "\($0.id) (\($0.type), \($0.size) bytes, SHA-256 \($0.sha256))" }.joined(
                            separator: "; ")))
        }
        content(list, c, keyGiven: keyGiven, into: &r)
    }

    private static func problem(
        _ e: EnvelopeList.Item, _ reading: EnvelopeReading, list: EnvelopeList, certs: [Certificate]
    ) -> String? {
        if let why = reading.problem { return "is not an envelope in Sanad's form: \(why)" }
        guard let layout = reading.layout else { return "is not an envelope" }
        guard let length = layout.contentLength else {
            return "is not an envelope in Sanad's form: it is chunked (BER), where an item's envelope is DER"
        }
        guard length == e.size else { return "holds \(length) bytes of content, not the \(e.size) sealed for it" }
        guard let (matches, unsupported) = layout.recipients(among: certs) else {
            return "has recipient infos OpenSSL cannot read"
        }
        let named = matches.compactMap { $0 }
        guard unsupported == 0, matches.count == named.count, named.sorted() == Array(certs.indices) else {
            return "is addressed to other recipients than the \(list.recipients.count) that \(EnvelopeList.path) lists "
                + "(\(matches.count - named.count + unsupported) unlisted, "
                + "\(Set(certs.indices).subtracting(named).count) listed but absent)"
        }
        return nil
    }

    /// `envelope-content`: with a key, each envelope's plaintext against the sealed digest.
    private static func content(
        _ list: EnvelopeList, _ c: BagContents, keyGiven: Bool, into r: inout VerificationResult
    ) {
        guard keyGiven else {
            r.report.add(
                .init(
                    .envelopeContent, .info,
                    "the \(list.items.count) envelope(s) were not opened: give a recipient's --key and --cert to check "
                        + "that each holds exactly the sealed original"))
            return
        }
        for e in list.items {
            guard let reading = c.envelopes[e.payload], reading.problem == nil else { continue }
            switch reading.opened {
            case .plaintext(let sha, let size) where sha == e.sha256 && size == e.size:
                r.report.add(
                    .init(
                        .envelopeContent, .pass,
                        "\(e.id): the envelope opens, and holds exactly the sealed original (SHA-256 \(sha))",
                        subject: e.payload))
            case .plaintext(let sha, _):
                r.report.add(
                    .init(
                        .envelopeContent, .fail,
                        "\(e.id): the envelope opens, but holds another file (SHA-256 \(sha)) than the sealed "
                            + "original (\(e.sha256))", subject: e.payload))
            case .tagFailed:
                r.report.add(
                    .init(
                        .envelopeContent, .fail,
                        "\(e.id): the envelope's authentication tag does not hold: its content or tag was changed",
                        subject: e.payload))
            case .notRecipient:
                r.report.add(
                    .init(
                        .envelopeContent, .warn,
                        "\(e.id): not opened: the key given is not one of its recipients", subject: e.payload))
            case .failed(let why):
                r.report.add(
                    .init(
                        .envelopeContent, .fail, "\(e.id): the envelope cannot be opened: \(why)", subject: e.payload))
            case .notTried:
                break
            }
        }
    }
}
