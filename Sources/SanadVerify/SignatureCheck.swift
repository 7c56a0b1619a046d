import Foundation
import SanadCrypto
import SanadModel
import SanadFormat

/// The seal (CMS over the tag manifest), whose key it is, and any RFC 3161 timestamps over it.
enum SignatureCheck {
    static func run(
        _ c: BagContents, _ bag: ParsedBag, options: ArchiveVerifier.Options, into r: inout VerificationResult
    ) {
        guard let sig = c.tagFiles[BagLayout.signatureFile] else {
            r.report.add(.init(.signature, .fail, "the archive carries no seal (\(BagLayout.signatureFile))"))
            return
        }
        let v = CMSSignature.verifyDetached(
            signature: sig, content: bag.tagManifestBytes, trustAnchors: options.trustAnchors)
        guard v.signatureValid, let signer = v.signer else {
            r.report.add(
                .init(
                    .signature, .fail,
                    "the seal does not verify over tagmanifest-sha256.txt: \(v.problem ?? "invalid signature")"))
            r.signatures.append(SignatureSummary(role: .seal, identity: .invalid, valid: false))
            return
        }
        let name = [signer.subject.commonName, signer.subject.organization].compactMap { $0 }.joined(separator: ", ")
        r.signer = name
        r.signerFingerprint = signer.fingerprint
        let when =
            v.signingTime.map { Timestamp.utc($0).replacingOccurrences(of: ".000Z", with: "Z") } ?? "an unstated time"
        r.report.add(
            .init(
                .signature, .pass,
                "sealed by \(name) at \(when) (signer's claim); the seal covers the tag manifest, so every file and "
                    + "the custody head"
            ))
        let before = r.report.checks.count
        identity(
            signer, embedded: v.embedded, name: name, bag: bag, options: options, chainTrusted: v.chainTrusted, into: &r
        )
        let idCheck = r.report.checks[before...].first { $0.id == .signerIdentity }
        let basis: SignatureSummary.Identity =
            idCheck?.outcome != .pass
            ? .unconfirmed
            : (options.pinnedFingerprint == signer.fingerprint ? .pinned : .trusted)
        let stampsBefore = r.timestamps.count
        timestamps(
            c, signature: sig, expected: bag.info["Sanad-Timestamps"].flatMap(Int.init), options: options, into: &r)
        r.signatures.append(
            SignatureSummary(
                role: .seal, signer: name, fingerprint: signer.fingerprint,
                signedAt: v.signingTime.map { Timestamp.utc($0).replacingOccurrences(of: ".000Z", with: "Z") },
                identity: basis, timestamps: Array(r.timestamps[stampsBefore...]),
                timestampAuthorities: Array(r.timestampAuthorities[stampsBefore...]), valid: true))
    }

    private static func identity(
        _ signer: Certificate, embedded: [Certificate], name: String, bag: ParsedBag, options: ArchiveVerifier.Options,
        chainTrusted: Bool?, into r: inout VerificationResult
    ) {
        let fp = signer.fingerprint
        let shown = Certificate.formatFingerprint(fp).prefix(11)
        if let declared = bag.info["Sanad-Signer-Fingerprint"], declared != fp {
            r.report.add(
                .init(.signerIdentity, .fail, "bag-info.txt names signer \(declared), but the seal was made by \(fp)"))
            return
        }
        // VERIFY.txt tells experts to check the seal against signature/signer.pem: it must be the
        // signer and the chain the seal carries, in the PEM Sanad writes, and nothing else.
        guard let pem = bag.signerPEM else {
            r.report.add(.init(.signerIdentity, .fail, "\(BagLayout.signerCertificateFile) is missing (taken out?)"))
            return
        }
        if (try? Certificate.loadAll(pem: pem))?.first?.fingerprint != fp {
            r.report.add(
                .init(
                    .signerIdentity, .fail,
                    "\(BagLayout.signerCertificateFile) is not the certificate that made the seal (swapped?)"))
            return
        }
        if !CMSSignature.isSignerPEM(pem, signer: signer, embedded: embedded) {
            r.report.add(
                .init(
                    .signerIdentity, .fail,
                    "\(BagLayout.signerCertificateFile) holds more than the signer's certificate and the chain in "
                        + "the seal (bytes no signature covers)"
                ))
            return
        }
        if let pin = options.pinnedFingerprint {
            r.report.add(
                pin == fp
                    ? .init(.signerIdentity, .pass, "the signer's key \(shown)… is the pinned key")
                    : .init(.signerIdentity, .fail, "signed by key \(fp), not by the pinned key \(pin)"))
            return
        }
        if chainTrusted == true {
            r.report.add(
                .init(.signerIdentity, .pass, "\(name)'s certificate is issued by a trusted authority (--trust)"))
        } else if signer.isSelfSigned {
            r.report.add(
                .init(
                    .signerIdentity, .warn,
                    "the signer's certificate is self-signed and neither pinned nor trusted: anyone can make one in "
                        + "that name. Compare fingerprint \(Certificate.formatFingerprint(fp)) with the sealer's, "
                        + "then use --signer-fingerprint"
                ))
        } else {
            r.report.add(
                .init(
                    .signerIdentity, .warn,
                    "the signer's certificate does not chain to any --trust authority; its identity is unconfirmed"))
        }
    }

    private static func timestamps(
        _ c: BagContents, signature: [UInt8], expected: Int?, options: ArchiveVerifier.Options,
        into r: inout VerificationResult
    ) {
        let files = c.tagFiles.keys.filter { BagOrder.isSealSignatureFile($0) && $0.hasSuffix(".tsr") }.sorted()
        guard let expected else {
            r.report.add(
                .init(
                    .timestamp, .fail,
                    "bag-info.txt does not say how many timestamps the seal carries (Sanad-Timestamps), so one "
                        + "taken out would not show"
                ))
            return
        }
        let wanted = (0..<expected).map { "signature/seal\($0 == 0 ? "" : "-\($0 + 1)").tsr" }
        if files != wanted {
            r.report.add(
                .init(
                    .timestamp, .fail,
                    "the sealer asked for \(expected) timestamp(s) (bag-info.txt), but the archive carries "
                        + "\(files.count)\(files.isEmpty ? "" : ": \(files.joined(separator: ", "))"): a token was "
                        + "taken out, added or renamed"
                ))
        }
        for chain in c.tagFiles.keys.sorted()
        where BagOrder.isSealSignatureFile(chain) && chain.hasSuffix(".pem") && chain != BagLayout.signerCertificateFile
        {
            let token = chain.replacingOccurrences(of: "signature/tsa-chain", with: "signature/seal")
                .replacingOccurrences(of: ".pem", with: ".tsr")
            if c.tagFiles[token] == nil {
                r.report.add(
                    .init(.timestamp, .fail, "\(chain) belongs to no timestamp in the archive", subject: chain))
            }
        }
        guard !files.isEmpty else {
            if expected == 0 {
                r.report.add(
                    .init(
                        .timestamp, .info,
                        "no independent timestamp was requested: the sealing time is the sealer's word"))
            }
            return
        }
        for f in files {
            guard let token = c.tagFiles[f] else { continue }  // `files` are keys of tagFiles
            let chainFile = f.replacingOccurrences(of: "signature/seal", with: "signature/tsa-chain")
                .replacingOccurrences(of: ".tsr", with: ".pem")
            let judged = TokenFiles.judge(
                f, token: token, chainName: chainFile, chain: c.tagFiles[chainFile], signature: signature,
                stamped: ("this seal", "the seal"), check: .timestamp, options: options)
            if let time = judged.time {
                r.timestamps.append(time)
                r.timestampAuthorities.append(judged.authority ?? "")
            }
            r.report.add(judged.check)
        }
    }
}
