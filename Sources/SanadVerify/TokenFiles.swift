import SanadCrypto
import SanadModel

/// A time-stamp token and the `tsa-chain.pem` beside it: the token exactly one DER response,
/// the chain file exactly the certificates the token carries (absent when it carries none).
enum TokenFiles {
    /// One token judged against the signature it stamps: the check to report and, when the token
    /// vouches for the signature, the time it gives. `stamped` names what was signed, as the
    /// object of "vouch for" and as the subject of "existed".
    static func judge(
        _ f: String, token: [UInt8], chainName: String, chain: [UInt8]?, signature: [UInt8],
        stamped: (object: String, subject: String), check: CheckID, options: ArchiveVerifier.Options
    ) -> (time: String?, authority: String?, check: Report.Check) {
        let t = TimestampToken.check(response: token, data: signature, trustAnchors: options.trustAnchors)
        // The authority as its certificate names itself (the first the token carries is its own).
        let authority = TimestampToken.certificates(in: token).first.map {
            [$0.subject.commonName, $0.subject.organization].compactMap { $0 }.joined(separator: ", ")
        }
        let when = t.time.map { Timestamp.utc($0).replacingOccurrences(of: ".000Z", with: "Z") } ?? "?"
        if let why = problem(token: token, chain: chain, chainName: chainName) {
            return (nil, nil, .init(check, .fail, "\(f): \(why)", subject: f))
        }
        guard t.granted, t.imprintMatches, t.signatureValid else {
            let why = t.problem ?? "invalid token"
            return (nil, nil, .init(check, .fail, "\(f) does not vouch for \(stamped.object): \(why)", subject: f))
        }
        if t.trusted == true {
            let what = "\(f): \(stamped.subject) existed at \(when), per a trusted time-stamp authority"
            return (when, authority, .init(check, .pass, what, subject: f))
        }
        let what =
            "\(f) says \(stamped.subject) existed at \(when), but its authority is not trusted "
            + "(give its CA with --trust)"
        return (when, authority, .init(check, .warn, what, subject: f))
    }

    static func problem(token: [UInt8], chain: [UInt8]?, chainName: String) -> String? {
        guard TimestampToken.isExactDER(token) else {
            return "it is not exactly one DER time-stamp response (bytes after it, or not DER)"
        }
        if let why = SignedDataProfile.timestampResponseProblem(token) { return why }
        let expected = TimestampToken.chainPEM(of: token)
        switch (chain, expected.isEmpty) {
        case (nil, true): return nil
        case (nil, false): return "\(chainName), the certificates the token carries, is missing"
        case (let c?, _) where c != expected:
            return "\(chainName) is not exactly the certificates the token carries (bytes no signature covers)"
        default: return nil
        }
    }
}
