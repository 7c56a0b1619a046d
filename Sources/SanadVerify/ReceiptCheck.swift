import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadFormat

/// Countersignatures added by `sanad receive` (docs/FORMAT.md §7), in order. Each receipt must
/// pin, by SHA-256, the tag manifest and every signature file before it; carry exactly a
/// `received` and a `verified` entry that continue the custody chain; and be signed over its
/// manifest. An archive without receipts adds no checks.
enum ReceiptCheck {
    /// One receipt's four required files, as `structure` found them (so nothing later looks them
    /// up again and hopes they are there).
    private struct Receipt {
        let number: Int
        let manifest: [UInt8]
        let custody: [UInt8]
        let signature: [UInt8]
        let signerPEM: [UInt8]

        var role: String { SignatureSummary.Role.receipt(number).description }
    }

    static func run(
        _ c: BagContents, _ bag: ParsedBag, options: ArchiveVerifier.Options, excerpt: Bool = false,
        into r: inout VerificationResult
    ) {
        let receiptPaths = c.tagFiles.keys.filter { $0.hasPrefix(ReceiptLayout.folderPrefix) }
        if receiptPaths.isEmpty {
            for pin in options.countersignerFingerprints {
                r.report.add(
                    .init(
                        .receiptSigner, .fail,
                        "no countersignature is present, but one by key \(pin) was expected "
                            + "(--countersigner-fingerprint)"
                    ))
            }
            return
        }
        guard let receipts = structure(c, receiptPaths, into: &r) else { return }

        // The sealed log, then each receipt's entries: together they must form one unbroken chain.
        var chainBytes = c.tagFiles[BagLayout.custodyFile] ?? []
        let sealedOK = ChainVerifier.verify(CustodyLogFile.split(chainBytes)).report.failures.isEmpty
        var custodyProblems: [String] = []
        var pinsSeen = Set<String>()
        for receipt in receipts {
            checkManifest(receipt, c, into: &r)
            custodyProblems += custodyShape(receipt) + entrySignatureProblems(receipt)
            chainBytes += receipt.custody
            let summary = checkSignature(receipt, c, options: options, into: &r)
            if summary.identity == .pinned, let fp = summary.fingerprint { pinsSeen.insert(fp) }
            r.signatures.append(summary)
        }

        // Only the receipts' part of the chain is judged here; the sealed part is custody-chain's.
        // An excerpt leaves the sealed log out: each receipt's entries are still pinned by its
        // signed manifest, but where the chain continues from cannot be checked.
        if excerpt {
            r.report.add(
                .init(
                    .receiptCustody, .info,
                    "not checked in an excerpt: the sealed custody log is left out (each receipt's manifest pins its "
                        + "entries)"))
        } else if sealedOK {
            let combined = ChainVerifier.verify(CustodyLogFile.split(chainBytes))
            for f in combined.report.failures { custodyProblems.append(f.detail) }
            if custodyProblems.isEmpty { r.custodyEntries = combined.entries.count }
        }
        for p in custodyProblems { r.report.add(.init(.receiptCustody, .fail, p)) }
        if custodyProblems.isEmpty, !excerpt {
            r.report.add(
                .init(
                    .receiptCustody, .pass,
                    "\(receipts.count) receipt(s) add \(receipts.count * 2) custody entries that continue the "
                        + "sealed chain"
                ))
        }
        for pin in options.countersignerFingerprints where !pinsSeen.contains(pin) {
            r.report.add(.init(.receiptSigner, .fail, "no valid countersignature by the pinned key \(pin)"))
        }
    }

    /// The manifest lists exactly the files the receipt covers, each with its digest.
    private static func checkManifest(_ receipt: Receipt, _ c: BagContents, into r: inout VerificationResult) {
        let n = receipt.number, role = receipt.role
        let manifest = ManifestFile(receipt.manifest, name: ReceiptLayout.manifestPath(n))
        var problems = manifest.problems
        let expected = Set(ReceiptLayout.coveredPaths(receipt: n, among: c.tagFiles.keys))
        let listed = Set(manifest.entries.map(\.path))
        for p in expected.subtracting(listed).sorted() { problems.append("\(p) is not pinned by \(role)'s manifest") }
        for p in listed.subtracting(expected).sorted() {
            problems.append(
                c.tagFiles[p] == nil
                    ? "\(role)'s manifest lists \(p), which is missing"
                    : "\(role)'s manifest lists \(p), which it must not cover")
        }
        for e in manifest.entries where expected.contains(e.path) {
            if let bytes = c.tagFiles[e.path], MessageDigest.sha256Hex(bytes) != e.sha256 {
                problems.append("\(e.path) changed after \(role) was signed")
            }
        }
        for p in problems { r.report.add(.init(.receiptManifest, .fail, p, subject: role)) }
        if problems.isEmpty {
            r.report.add(
                .init(
                    .receiptManifest, .pass,
                    "\(role) pins the tag manifest and \(expected.count - 1) earlier signature and custody file(s), "
                        + "all unchanged",
                    subject: role))
        }
    }

    /// A receipt's entries, when signed (receipts made before signed entries are not), must be
    /// signed by the receipt's own signer, whose certificate is its `signer.pem`.
    private static func entrySignatureProblems(_ receipt: Receipt) -> [String] {
        guard let cert = (try? Certificate.loadAll(pem: receipt.signerPEM))?.first else { return [] }
        let result = CustodySignatures.check(
            CustodyLogFile.split(receipt.custody),
            .init(
                certificates: [cert.fingerprint: cert], missingCertificate: .fail,
                certificatePlace: "\(receipt.role)'s signer.pem"))
        return result.report.failures.map { "\(receipt.role): \($0.detail)" }
    }

    /// A receipt's custody file holds exactly a `received` and a `verified` entry.
    private static func custodyShape(_ receipt: Receipt) -> [String] {
        let split = CustodyLogFile.split(receipt.custody)
        let actions = split.lines.compactMap { (try? JSONParser.parse($0.bytes))?["action"]?.stringValue }
        guard split.tornTailOffset != nil || actions != ["received", "verified"] else { return [] }
        return [
            "\(receipt.role) must hold exactly a 'received' and a 'verified' entry, each ending in LF; it holds "
                + "\(actions.isEmpty ? "none" : actions.joined(separator: ", "))"
        ]
    }

    /// The signature over the manifest, whose key it is, and its time stamps.
    private static func checkSignature(
        _ receipt: Receipt, _ c: BagContents, options: ArchiveVerifier.Options,
        into r: inout VerificationResult
    ) -> SignatureSummary {
        let role = receipt.role
        var summary = SignatureSummary(role: .receipt(receipt.number), identity: .invalid, valid: false)
        let v = CMSSignature.verifyDetached(
            signature: receipt.signature, content: receipt.manifest, trustAnchors: options.trustAnchors)
        guard v.signatureValid, let signer = v.signer else {
            r.report.add(
                .init(
                    .receiptSignature, .fail,
                    "\(role)'s signature does not match its manifest: \(v.problem ?? "invalid signature")",
                    subject: role))
            return summary
        }
        let name = [signer.subject.commonName, signer.subject.organization].compactMap { $0 }.joined(separator: ", ")
        summary.signer = name
        summary.fingerprint = signer.fingerprint
        summary.signedAt = v.signingTime.map { Timestamp.utc($0).replacingOccurrences(of: ".000Z", with: "Z") }
        summary.valid = true
        r.report.add(
            .init(
                .receiptSignature, .pass,
                "\(role) countersigned by \(name) at \(summary.signedAt ?? "an unstated time") (signer's claim)",
                subject: role))
        summary.identity = identity(
            signer, embedded: v.embedded, name: name, role: role, pem: receipt.signerPEM,
            chainTrusted: v.chainTrusted, options: options, into: &r)
        let first = CustodyLogFile.split(receipt.custody).lines.first
        let requested = first.flatMap { try? JSONParser.parse($0.bytes) }?["details"]?["timestamps"]?.intValue.map {
            Int($0)
        }
        let stamps = timestamps(
            c, receipt: receipt.number, signature: receipt.signature, expected: requested, options: options, into: &r)
        summary.timestamps = stamps.map(\.time)
        summary.timestampAuthorities = stamps.map(\.authority)
        return summary
    }

    /// Receipts are numbered 1…N without gaps and hold only known files, with the required ones.
    private static func structure(_ c: BagContents, _ paths: [String], into r: inout VerificationResult) -> [Receipt]? {
        var numbers = Set<Int>()
        var problems: [String] = []
        for p in paths.sorted() {
            guard let n = ReceiptLayout.receiptNumber(of: p) else {
                problems.append("\(p) is not inside a receipt-N folder")
                continue
            }
            numbers.insert(n)
            let name = String(p.dropFirst(ReceiptLayout.folder(n).count + 1))
            if !ReceiptLayout.isKnownFile(name) { problems.append("\(p) is not a file a receipt may hold") }
        }
        let count = numbers.max() ?? 0
        if numbers != Set(1...max(count, 1)) { problems.append("receipts are not numbered 1…\(count) without gaps") }
        var receipts: [Receipt] = []
        for n in numbers.sorted() {
            let files = [
                ReceiptLayout.custodyPath(n), ReceiptLayout.manifestPath(n), ReceiptLayout.signaturePath(n),
                ReceiptLayout.signerPath(n),
            ]
            for f in files where c.tagFiles[f] == nil { problems.append("\(f) is missing") }
            if let custody = c.tagFiles[files[0]], let manifest = c.tagFiles[files[1]],
                let signature = c.tagFiles[files[2]],
                let pem = c.tagFiles[files[3]]
            {
                receipts.append(
                    Receipt(number: n, manifest: manifest, custody: custody, signature: signature, signerPEM: pem))
            }
        }
        for p in problems { r.report.add(.init(.receiptStructure, .fail, p)) }
        guard problems.isEmpty else { return nil }
        r.report.add(.init(.receiptStructure, .pass, "\(count) countersignature(s), numbered in order"))
        return receipts
    }

    private static func identity(
        _ signer: Certificate, embedded: [Certificate], name: String, role: String, pem: [UInt8]?, chainTrusted: Bool?,
        options: ArchiveVerifier.Options, into r: inout VerificationResult
    ) -> SignatureSummary.Identity {
        let fp = signer.fingerprint
        if let pem, (try? Certificate.loadAll(pem: pem))?.first?.fingerprint != fp {
            r.report.add(
                .init(
                    .receiptSigner, .fail,
                    "\(role)'s signer.pem is not the certificate that made its signature (swapped?)", subject: role))
            return .unconfirmed
        }
        if let pem, !CMSSignature.isSignerPEM(pem, signer: signer, embedded: embedded) {
            r.report.add(
                .init(
                    .receiptSigner, .fail,
                    "\(role)'s signer.pem holds more than the signer's certificate and the chain in its signature",
                    subject: role))
            return .unconfirmed
        }
        if options.countersignerFingerprints.contains(fp) {
            r.report.add(
                .init(
                    .receiptSigner, .pass,
                    "\(role) was made by the pinned key \(Certificate.formatFingerprint(fp).prefix(11))…", subject: role
                ))
            return .pinned
        }
        if chainTrusted == true {
            r.report.add(
                .init(
                    .receiptSigner, .pass, "\(name)'s certificate is issued by a trusted authority (--trust)",
                    subject: role))
            return .trusted
        }
        r.report.add(
            .init(
                .receiptSigner, .warn,
                "\(role)'s signer is neither pinned nor trusted: anyone can make a certificate in that name. "
                    + "Compare fingerprint \(Certificate.formatFingerprint(fp)) with the recipient's, then use "
                    + "--countersigner-fingerprint",
                subject: role))
        return .unconfirmed
    }

    private static func timestamps(
        _ c: BagContents, receipt n: Int, signature: [UInt8], expected: Int?, options: ArchiveVerifier.Options,
        into r: inout VerificationResult
    ) -> [(time: String, authority: String)] {
        var times: [(time: String, authority: String)] = []
        let present = c.tagFiles.keys.filter { ReceiptLayout.receiptNumber(of: $0) == n && $0.hasSuffix(".tsr") }
            .sorted()
        guard let expected else {
            r.report.add(
                .init(
                    .receiptTimestamp, .fail,
                    "receipt-\(n)'s received entry does not say how many timestamps it carries, so one taken out "
                        + "would not show",
                    subject: "receipt-\(n)"))
            return times
        }
        let wanted = (0..<expected).map { ReceiptLayout.tokenPath(n, $0) }
        if present != wanted.sorted() {
            r.report.add(
                .init(
                    .receiptTimestamp, .fail,
                    "receipt-\(n) asked for \(expected) timestamp(s), but carries \(present.count): a token was "
                        + "taken out, added or renamed",
                    subject: "receipt-\(n)"))
        }
        for (i, f) in wanted.enumerated() {
            guard let token = c.tagFiles[f] else { continue }
            let chainName = ReceiptLayout.tokenChainPath(n, i)
            let judged = TokenFiles.judge(
                f, token: token, chainName: chainName, chain: c.tagFiles[chainName], signature: signature,
                stamped: ("receipt-\(n)", "receipt-\(n)"), check: .receiptTimestamp, options: options)
            if let time = judged.time { times.append((time, judged.authority ?? "")) }
            r.report.add(judged.check)
        }
        let folder = ReceiptLayout.folder(n) + "/"
        for chain in c.tagFiles.keys.sorted() where chain.hasPrefix(folder + "tsa-chain") {
            let token =
                folder + "receipt" + chain.dropFirst(folder.count + 9).replacingOccurrences(of: ".pem", with: ".tsr")
            if c.tagFiles[token] == nil || !wanted.contains(token) {
                r.report.add(
                    .init(
                        .receiptTimestamp, .fail, "\(chain) belongs to no timestamp in the archive",
                        subject: "receipt-\(n)"))
            }
        }
        return times
    }
}
