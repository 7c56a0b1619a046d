/// The shape Sanad accepts for a CMS SignedData: the seal and each receipt (`.p7s`), and the
/// token inside a time-stamp response (`.tsr`). A signature covers only some of a SignedData's
/// fields; the others (the certificate set, unsigned attributes, the signer's identifier, the
/// version numbers, algorithm parameters) can be changed, or made to carry any bytes, while the
/// signature still verifies. So every field must be the one expected, byte for byte where it
/// can be: an archive that verifies then has exactly one form (docs/FORMAT.md §2, §8).
public enum SignedDataProfile {
    public enum Content: Sendable {
        /// Detached: `id-data`, no content (a seal or receipt).
        case detachedData
        /// An RFC 3161 token: `id-smime-ct-TSTInfo`, with its TSTInfo inside.
        case timestampInfo
    }

    static let signedDataOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
    static let dataOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]
    static let tstInfoOID: [UInt8] = [0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x04]
    /// RSASSA-PSS, the one signature algorithm whose parameters matter (and OpenSSL checks).
    static let pssOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]
    static let rsaOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    static let ecKeyOID: [UInt8] = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]
    /// SHA-256, SHA-384, SHA-512; then, for each, ECDSA and RSA PKCS #1 v1.5 with it.
    static let digestOIDs: [[UInt8]] = [1, 2, 3].map {
        [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, $0]
    }
    static let ecdsaOIDs: [[UInt8]] = [2, 3, 4].map { [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, $0] }
    static let rsaWithOIDs: [[UInt8]] = [0x0B, 0x0C, 0x0D].map {
        [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, $0]
    }
    static let null: [UInt8] = [0x05, 0x00]

    /// An AlgorithmIdentifier's DER: a SEQUENCE of the OID and, when given, its parameters.
    static func identifier(_ oid: [UInt8], _ parameters: [UInt8] = []) -> [UInt8] {
        [0x30, UInt8(oid.count + parameters.count)] + oid + parameters
    }

    /// Why `contentInfo` is not a SignedData in Sanad's profile, or nil when it is.
    public static func problem(_ contentInfo: ArraySlice<UInt8>, content: Content) -> String? {
        guard let ci = DERNode.read(contentInfo, at: contentInfo.startIndex), ci.bytes.endIndex == contentInfo.endIndex,
            ci.tag == DERNode.sequence, let top = ci.children, top.count == 2,
            Array(top[0].bytes) == signedDataOID, top[1].tag == DERNode.context(0), let wrapped = top[1].children,
            wrapped.count == 1,
            wrapped[0].tag == DERNode.sequence, let sd = wrapped[0].children
        else { return "it is not a CMS SignedData" }
        var fields = sd[...]
        guard let version = fields.popFirst(), version.tag == DERNode.integer,
            Array(version.contents) == [content == .detachedData ? 1 : 3]
        else { return "its SignedData version is not the one RFC 5652 gives for it" }
        guard let digests = fields.popFirst(), digests.tag == DERNode.set, let digestList = digests.children,
            digestList.count == 1
        else {
            return "it lists other than one digest algorithm"
        }
        guard let encap = fields.popFirst(), encap.tag == DERNode.sequence, let encapFields = encap.children else {
            return "its encapsulated content is malformed"
        }
        switch content {
        case .detachedData:
            guard encapFields.count == 1, Array(encapFields[0].bytes) == dataOID else {
                return "it is not detached over id-data"
            }
        case .timestampInfo:
            guard encapFields.count == 2, Array(encapFields[0].bytes) == tstInfoOID,
                encapFields[1].tag == DERNode.context(0)
            else {
                return "its content is not a TSTInfo"
            }
        }
        guard let certSet = fields.first, certSet.tag == DERNode.context(0), let certNodes = certSet.children else {
            return "it carries no certificates"
        }
        fields = fields.dropFirst()
        if fields.first?.tag == DERNode.context(1) { return "it carries CRLs (bytes no signature covers)" }
        guard fields.count == 1, let signerInfos = fields.first, signerInfos.tag == DERNode.set,
            let infos = signerInfos.children
        else {
            return "its signer information is malformed"
        }
        guard infos.count == 1 else { return "it has \(infos.count) signers; Sanad's have one" }
        return signerInfoProblem(infos[0], digest: digestList[0], certificates: certNodes, content: content)
    }

    private static func signerInfoProblem(
        _ info: DERNode, digest: DERNode, certificates: [DERNode], content: Content
    ) -> String? {
        guard info.tag == DERNode.sequence, let f = info.children, f.count == 6 || f.count == 7 else {
            return "its signer information is malformed"
        }
        guard f[0].tag == DERNode.integer, Array(f[0].contents) == [1] else { return "its SignerInfo version is not 1" }
        guard Array(f[2].bytes) == Array(digest.bytes), algorithmProblem(f[2]) == nil else {
            return "its digest algorithm differs from the one it lists, or carries parameters"
        }
        guard f[3].tag == DERNode.context(0) else { return "it has no signed attributes" }
        if let why = algorithmProblem(f[4]) { return "its signature algorithm \(why)" }
        guard f[5].tag == DERNode.octetString else { return "its signature is malformed" }
        if f.count == 7 { return "it carries unsigned attributes (bytes no signature covers)" }
        // The signer: the certificate whose issuer and serial number are the sid, byte for byte.
        let certs = certificates.map { (node: $0, parts: issuerAndSerial(of: $0)) }
        guard let signerIndex = certs.firstIndex(where: { $0.parts.map { Array($0) } == Array(f[1].contents) }),
            f[1].tag == DERNode.sequence
        else {
            return
                "its signer identifier is not, byte for byte, the issuer and serial number of a certificate it carries"
        }
        if let why = algorithmsProblem(
            digest: Array(f[2].bytes), signature: Array(f[4].bytes),
            signatureOID: f[4].children.flatMap { $0.first.map { Array($0.bytes) } } ?? [],
            key: publicKeyAlgorithm(of: certificates[signerIndex]), content: content)
        {
            return why
        }
        // Every other certificate must be an issuer up the signer's chain, each once.
        guard let parsed = try? certificates.map({ try Certificate(der: Array($0.bytes)) }) else {
            return "it carries a certificate OpenSSL cannot read"
        }
        var used: Set<Int> = [signerIndex]
        var current = signerIndex
        while true {
            guard let next = parsed.indices.first(where: { !used.contains($0) && parsed[$0].issued(parsed[current]) })
            else { break }
            used.insert(next)
            current = next
        }
        if used.count != parsed.count {
            return "it carries a certificate that is not in its signer's chain (bytes no signature covers)"
        }
        return nil
    }

    /// The algorithm identifiers no signature covers, so each must have one spelling: OpenSSL
    /// accepts a SignerInfo whose signature algorithm is any ECDSA OID, even an undefined one,
    /// for an EC key, and several for an RSA key. A seal or receipt has exactly the identifiers
    /// Sanad's signer writes: SHA-256 without parameters, then ecdsa-with-SHA256 without
    /// parameters for an EC key, rsaEncryption with NULL for an RSA key, the bare OID for
    /// Ed25519, RSASSA-PSS with its parameters. A time-stamp token comes from a TSA, and RFC 5754
    /// and RFC 3370 have a verifier accept SHA-2 with or without NULL, and rsaEncryption or
    /// shaNWithRSAEncryption: those spellings are accepted there, and each must agree with the
    /// digest (docs/FORMAT.md §4).
    static func algorithmsProblem(
        digest: [UInt8], signature: [UInt8], signatureOID: [UInt8], key: [UInt8]?,
        content: Content
    ) -> String? {
        let strict = content == .detachedData
        let digestIndex = digestOIDs.firstIndex {
            digest == identifier($0) || (!strict && digest == identifier($0, null))
        }
        guard let d = digestIndex, !strict || d == 0 else {
            return strict
                ? "its digest algorithm is not SHA-256 as Sanad writes it"
                : "its digest algorithm is not SHA-256, SHA-384 or SHA-512"
        }
        guard let key else { return "its signer's certificate has no public key algorithm Sanad can read" }
        let accepted: [[UInt8]]
        switch key {
        case ecKeyOID: accepted = [identifier(ecdsaOIDs[d])]
        case rsaOID:
            // RSASSA-PSS: OpenSSL checks its parameters against the signature.
            if signatureOID == pssOID { return nil }
            accepted =
                strict ? [identifier(rsaOID, null)] : [identifier(rsaOID, null), identifier(rsaWithOIDs[d], null)]
        case pssOID: return nil
        case ed25519OID: accepted = [identifier(ed25519OID)]
        default: return "its signer's key is of a kind Sanad does not accept"
        }
        guard accepted.contains(signature) else {
            return
                "its signature algorithm is not spelled as "
                + "\(strict ? "Sanad writes it" : "RFC 3370 and RFC 5758 allow") for its key and digest (bytes "
                + "no signature covers)"
        }
        return nil
    }

    /// The OID bytes of a certificate's subjectPublicKeyInfo algorithm.
    static func publicKeyAlgorithm(of cert: DERNode) -> [UInt8]? {
        guard let c = cert.children, let tbs = c.first, let t = tbs.children else { return nil }
        let start = t.first?.tag == DERNode.context(0) ? 1 : 0
        guard t.count > start + 5, let spki = t[start + 5].children, let alg = spki.first?.children,
            let oid = alg.first,
            oid.tag == DERNode.oid
        else { return nil }
        return Array(oid.bytes)
    }

    /// Only an OID, or an OID and NULL; RSASSA-PSS keeps its parameters.
    private static func algorithmProblem(_ node: DERNode) -> String? {
        guard node.tag == DERNode.sequence, let f = node.children, (1...2).contains(f.count), f[0].tag == DERNode.oid
        else {
            return "is malformed"
        }
        if f.count == 2, f[1].tag != DERNode.null, Array(f[0].bytes) != pssOID { return "carries parameters" }
        if f.count == 2, f[1].tag == DERNode.null, !f[1].contents.isEmpty { return "carries parameters" }
        return nil
    }

    /// Why a TimeStampResp is not in Sanad's profile: status granted (0) or granted with
    /// modifications (1), with no status text or failure bits, and a token in the profile above.
    public static func timestampResponseProblem(_ response: [UInt8]) -> String? {
        guard let r = DERNode.only(response), r.tag == DERNode.sequence, let f = r.children, f.count == 2 else {
            return "it is not a time-stamp response with a token"
        }
        guard f[0].tag == DERNode.sequence, let status = f[0].children, status.count == 1,
            status[0].tag == DERNode.integer,
            [[0], [1]].contains(Array(status[0].contents))
        else { return "its status carries text or failure information (bytes no signature covers)" }
        return problem(f[1].bytes, content: .timestampInfo).map { "its token: \($0)" }
    }

    /// A certificate's issuer and serial number elements, as the bytes of an IssuerAndSerialNumber's contents.
    static func issuerAndSerial(of cert: DERNode) -> ArraySlice<UInt8>? {
        guard let c = cert.children, let tbs = c.first, let t = tbs.children else { return nil }
        let start = t.first?.tag == DERNode.context(0) ? 1 : 0  // the optional explicit version
        guard t.count > start + 2 else { return nil }
        let serial = t[start], issuer = t[start + 2]
        return Array(issuer.bytes + serial.bytes)[...]
    }
}
