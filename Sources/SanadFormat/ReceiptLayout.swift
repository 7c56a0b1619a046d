import Foundation
import SanadCrypto

/// Where a countersignature (`sanad receive`) lives in a sealed archive: `signature/receipt-N/`
/// (docs/FORMAT.md §7).
///
/// A receipt never changes what came before it. It adds the recipient's custody entries, a
/// manifest that pins the tag manifest and every earlier signature file by SHA-256, and a CMS
/// signature over that manifest. Receipt N therefore covers the seal and receipts 1…N-1, and a
/// later change to any of them breaks every receipt after it.
public enum ReceiptLayout {
    public static let folderPrefix = "signature/receipt-"
    public static let custodyName = "custody.jsonl"
    public static let manifestName = "manifest-sha256.txt"
    public static let signatureName = "receipt.p7s"
    public static let signerName = "signer.pem"

    public static func folder(_ n: Int) -> String { "\(folderPrefix)\(n)" }
    public static func custodyPath(_ n: Int) -> String { "\(folder(n))/\(custodyName)" }
    public static func manifestPath(_ n: Int) -> String { "\(folder(n))/\(manifestName)" }
    public static func signaturePath(_ n: Int) -> String { "\(folder(n))/\(signatureName)" }
    public static func signerPath(_ n: Int) -> String { "\(folder(n))/\(signerName)" }
    /// The i-th (0-based) time-stamp token over `receipt.p7s`, and the certificates it carries.
    public static func tokenPath(_ n: Int, _ i: Int) -> String {
        "\(folder(n))/receipt\(i == 0 ? "" : "-\(i + 1)").tsr"
    }
    public static func tokenChainPath(_ n: Int, _ i: Int) -> String {
        "\(folder(n))/tsa-chain\(i == 0 ? "" : "-\(i + 1)").pem"
    }

    /// The receipt number of a bag path inside `signature/receipt-N/`, or nil for any other path.
    /// Numbers are written in plain decimal without leading zeros.
    public static func receiptNumber(of path: String) -> Int? {
        guard path.hasPrefix(folderPrefix) else { return nil }
        let rest = path.dropFirst(folderPrefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let digits = rest[..<slash]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0"
        else { return nil }
        return Int(digits)
    }

    /// Whether `name` (the part after `signature/receipt-N/`) is a file a receipt may hold.
    public static func isKnownFile(_ name: String) -> Bool {
        if [custodyName, manifestName, signatureName, signerName].contains(name) { return true }
        for (stem, ext) in [("receipt", ".tsr"), ("tsa-chain", ".pem")]
        where name.hasPrefix(stem) && name.hasSuffix(ext) {
            let middle = name.dropFirst(stem.count).dropLast(ext.count)
            if middle.isEmpty { return true }
            if middle.hasPrefix("-"), let k = Int(middle.dropFirst()), k >= 2, "-\(k)" == middle { return true }
        }
        return false
    }

    /// The bag paths receipt `n`'s manifest must list, sorted by their bytes: the tag manifest,
    /// every signature file that is not part of receipt `n` or a later one, and receipt `n`'s own
    /// custody entries. `paths` holds every tag path in the archive.
    public static func coveredPaths(receipt n: Int, among paths: some Sequence<String>) -> [String] {
        var covered = ["tagmanifest-sha256.txt", custodyPath(n)]
        for p in paths where p.hasPrefix("signature/") {
            if let k = receiptNumber(of: p), k >= n { continue }
            covered.append(p)
        }
        return Array(Set(covered)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Receipt `n`'s manifest, in the same `<sha256>  <path>` form as the bag's manifests (and
    /// `sha256sum -c`, run from the bag's top folder).
    public static func manifest(receipt n: Int, files: [String: [UInt8]]) -> [UInt8] {
        let paths = coveredPaths(receipt: n, among: files.keys)
        return BagLayout.manifest(paths.compactMap { p in files[p].map { (p, MessageDigest.sha256Hex($0)) } })
    }
}
