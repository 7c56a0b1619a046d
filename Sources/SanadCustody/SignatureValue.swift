import Foundation
import SanadCrypto
import SanadModel

/// One entry's `sig` member, read strictly and checked against the certificate it names.
enum SignatureValue {
    static let members: Set<String> = ["alg", "cert_sha256", "value"]

    static func judge(
        _ sig: JSONValue, message: [UInt8], seq: Int64, _ options: CustodySignatures.Options
    ) -> CustodySignatures.LineOutcome {
        func problem(_ cert: String?, _ outcome: Report.Outcome, _ why: String) -> CustodySignatures.LineOutcome {
            .problem(seq: seq, cert: cert, outcome: outcome, detail: "seq \(seq): \(why)")
        }
        guard let m = sig.objectValue, Set(m.keys) == members, let algName = m["alg"]?.stringValue,
            let cert = m["cert_sha256"]?.stringValue, let text = m["value"]?.stringValue
        else { return problem(nil, .fail, "its sig is not {alg, cert_sha256, value} with string values") }
        guard cert.count == 64, cert.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return problem(nil, .fail, "its sig's cert_sha256 is not 64 lowercase hex digits") }
        guard let alg = EntrySignature.Algorithm(rawValue: algName) else {
            return problem(cert, .fail, "its sig uses the algorithm '\(algName)', which Sanad does not know")
        }
        // Only the one base64 spelling of the bytes is accepted: a signature has one form.
        guard let bytes = Data(base64Encoded: text), bytes.base64EncodedString() == text, !bytes.isEmpty else {
            return problem(cert, .fail, "its sig's value is not canonical base64")
        }
        guard let certificate = options.certificates[cert] else {
            return problem(
                cert, options.missingCertificate,
                "signed by the certificate \(cert.prefix(16))…, which is not in \(options.certificatePlace) "
                    + (options.missingCertificate == .fail ? "(removed?)" : "(not checked)"))
        }
        guard EntrySignature.algorithm(of: certificate) == alg else {
            return problem(
                cert, .fail, "its sig says \(alg.rawValue), but the certificate it names holds another kind of key")
        }
        guard EntrySignature.verify([UInt8](bytes), message: message, certificate: certificate, algorithm: alg) else {
            return problem(
                cert, .fail,
                "the signature does not verify with the certificate it names (\(cert.prefix(16))…): the entry was "
                    + "changed after it was signed, or another key signed it")
        }
        return .valid(seq: seq, cert: cert)
    }
}

/// The checks that sum up who signed and what is unsigned.
enum SignerReport {
    static func checks(_ r: CustodySignatures.Result, _ options: CustodySignatures.Options) -> [Report.Check] {
        var out: [Report.Check] = []
        let pinned = options.expectedSigners
        for s in r.signers {
            let who = describe(s)
            if pinned.isEmpty {
                out.append(
                    .init(
                        .custodySigner, .info,
                        "\(who); not pinned: compare the fingerprint with the one its owner gave you, then pass "
                            + "--expect-signer", subject: s.certificateSHA256))
            } else if pinned.contains(s.certificateSHA256) {
                out.append(.init(.custodySigner, .pass, "\(who), an expected signer", subject: s.certificateSHA256))
            } else {
                out.append(
                    .init(
                        .custodySigner, .fail, "\(who), which is not an expected signer (--expect-signer)",
                        subject: s.certificateSHA256))
            }
        }
        for fp in pinned.sorted() where !r.signers.contains(where: { $0.certificateSHA256 == fp }) {
            out.append(
                .init(
                    .custodySigner, .fail,
                    "the expected signer \(Certificate.formatFingerprint(fp)) signed no entry with a valid signature",
                    subject: fp))
        }
        return out
    }

    static func unsignedChecks(_ r: CustodySignatures.Result, total: Int, afterSigned: [Int64]) -> [Report.Check] {
        guard !r.unsigned.isEmpty else { return [] }
        if r.signed == 0 {
            return [
                .init(
                    .custodyUnsigned, .info,
                    "none of the \(total) entries is signed: the chain shows that entries were changed, not who "
                        + "wrote them, and the last entries can be rewritten without a trace (SECURITY.md)")
            ]
        }
        if !afterSigned.isEmpty {
            return [
                .init(
                    .custodyUnsigned, .warn,
                    "\(r.unsigned.count) of \(total) entries are unsigned (\(ranges(r.unsigned))), "
                        + "\(afterSigned.count) of them after a signed entry: written without a key, or a signed "
                        + "entry whose signature was taken out", subject: "seq \(afterSigned[0])")
            ]
        }
        return [
            .init(
                .custodyUnsigned, .info,
                "\(r.unsigned.count) of \(total) entries are unsigned (\(ranges(r.unsigned))), all before the first "
                    + "signed entry")
        ]
    }

    static func describe(_ s: CustodySignatures.Signer) -> String {
        let name = s.name.map { " (\($0))" } ?? ""
        let what = s.seqs.count == 1 ? "1 entry" : "\(s.seqs.count) entries"
        return "\(what) (\(ranges(s.seqs))) signed by \(Certificate.formatFingerprint(s.certificateSHA256))\(name)"
    }

    /// `seq 0–4, 7, 9–12`, at most eight runs.
    static func ranges(_ seqs: [Int64]) -> String {
        var runs: [(Int64, Int64)] = []
        for s in seqs {
            if let last = runs.last, last.1 + 1 == s { runs[runs.count - 1].1 = s } else { runs.append((s, s)) }
        }
        let shown = runs.prefix(8).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)–\($0.1)" }.joined(separator: ", ")
        return "seq " + shown + (runs.count > 8 ? ", …" : "")
    }
}
