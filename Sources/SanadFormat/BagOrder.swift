import SanadModel

/// The order of a sealed archive's entries (docs/FORMAT.md §1): tag files in a fixed order,
/// item records by exhibit, commitments by exhibit (§9), the seal's signature files, payload by
/// exhibit, then each receipt's files in the order `receive` adds them. A verifier requires
/// it, as part of the one shape a Sanad archive has.
public enum BagOrder {
    private static let fixed = [
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "VERIFY.txt",
        BagLayout.caseFile, BagLayout.custodyFile, WithheldList.path,
    ]

    /// Where a path stands: its group in the order above, then exhibit and member (or receipt
    /// and file) within the group.
    public struct Key: Comparable, Sendable {
        let group: Int, number: Int, member: Int

        init(_ group: Int, _ number: Int = 0, _ member: Int = 0) {
            self.group = group
            self.number = number
            self.member = member
        }

        public static func < (a: Key, b: Key) -> Bool { (a.group, a.number, a.member) < (b.group, b.number, b.member) }
    }

    /// The sort key of a bag path, or nil for a path Sanad never writes (other checks report it).
    public static func key(_ path: String) -> Key? {
        if path.hasPrefix("data/") {
            // data/<exhibit>/<name>: the most common path by far.
            let rest = path.utf8.dropFirst(5)
            guard let slash = rest.firstIndex(of: 0x2F), !rest[rest.index(after: slash)...].contains(0x2F),
                let id = ExhibitID(String(Substring(rest[..<slash])))
            else { return nil }
            return Key(10, id.number, id.member ?? 0)
        }
        if path.hasPrefix("sanad/items/"), path.hasSuffix(".json") {
            let name = path.utf8.dropFirst(12).dropLast(5)
            guard let id = ExhibitID(String(Substring(name))) else { return nil }
            return Key(7, id.number, id.member ?? 0)
        }
        if let (id, kind) = commitmentFile(path) { return Key(8, id.number, (id.member ?? 0) * 4 + kind) }
        if let i = fixed.firstIndex(of: path) { return Key(i) }
        // After sanad/withheld.json (group 7, number 0), before the item records (7, 1…).
        if path == EnvelopeList.path { return Key(7, 0, 1) }
        if path == EnvelopeList.certificatesPath { return Key(7, 0, 2) }
        if let n = ReceiptLayout.receiptNumber(of: path) {
            let name = String(path.dropFirst(ReceiptLayout.folder(n).count + 1))
            let named = [
                ReceiptLayout.custodyName, ReceiptLayout.manifestName, ReceiptLayout.signatureName,
                ReceiptLayout.signerName,
            ]
            if let i = named.firstIndex(of: name) { return Key(11, n, i) }
            if let i = numbered(name, "receipt", ".tsr") { return Key(11, n, 4 + 2 * i) }
            if let i = numbered(name, "tsa-chain", ".pem") { return Key(11, n, 5 + 2 * i) }
            return nil
        }
        if path.hasPrefix("signature/") {
            let name = String(path.dropFirst(10))
            if name == "seal.p7s" { return Key(9, 0, 0) }
            if name == "signer.pem" { return Key(9, 0, 1) }
            if let i = numbered(name, "seal", ".tsr") { return Key(9, 1 + i, 0) }
            if let i = numbered(name, "tsa-chain", ".pem") { return Key(9, 1 + i, 1) }
            return nil
        }
        return nil
    }

    /// A commitment's files: `<exhibit>.json` (0) and `.leaves` (1) under `sanad/commitments/`,
    /// and its seed (2) under `sanad/commitment-seeds/`.
    public static func commitmentFile(_ path: String) -> (ExhibitID, Int)? {
        let kinds: [(String, String, Int)] = [
            (Commitment.folder + "/", ".json", 0), (Commitment.folder + "/", ".leaves", 1),
            (Commitment.seedFolder + "/", ".json", 2),
        ]
        for (folder, ext, kind) in kinds where path.hasPrefix(folder) && path.hasSuffix(ext) {
            let name = String(path.dropFirst(folder.count).dropLast(ext.count))
            guard let id = ExhibitID(name), id.description == name else { return nil }
            return (id, kind)
        }
        return nil
    }

    /// Whether `path` is a file of the seal that FORMAT.md §2 names under `signature/`.
    public static func isSealSignatureFile(_ path: String) -> Bool {
        guard path.hasPrefix("signature/"), ReceiptLayout.receiptNumber(of: path) == nil else { return false }
        return key(path) != nil
    }

    /// 0 for `stem` + `ext`, i − 1 for `stem-i` + `ext` (i ≥ 2, plain decimal).
    package static func numbered(_ name: String, _ stem: String, _ ext: String) -> Int? {
        guard name.hasPrefix(stem), name.hasSuffix(ext), name.count >= stem.count + ext.count else { return nil }
        let middle = name.dropFirst(stem.count).dropLast(ext.count)
        if middle.isEmpty { return 0 }
        guard middle.hasPrefix("-"), let i = Int(middle.dropFirst()), i >= 2, "-\(i)" == middle else { return nil }
        return i - 1
    }

    /// The first pair of entries (by bag path) that stand in the wrong order, if any.
    public static func firstMisordered(_ paths: [String]) -> (String, String)? {
        var previous: (path: String, key: Key)?
        for p in paths {
            guard let k = key(p) else { continue }
            if let prev = previous, !(prev.key < k) { return (prev.path, p) }
            previous = (p, k)
        }
        return nil
    }
}
