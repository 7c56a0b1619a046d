import SanadModel

/// Every payload file against the manifest: nothing changed, missing or extra; Payload-Oxum.
enum PayloadCheck {
    static func run(_ c: BagContents, _ bag: ParsedBag, into r: inout VerificationResult) {
        var failed = false
        var found = 0
        for (path, expected) in bag.manifest.entries {
            guard path.hasPrefix("data/") else {
                r.report.add(
                    .init(
                        .payloadDigests, .fail, "manifest-sha256.txt lists \(path), which is outside data/",
                        subject: path))
                failed = true
                continue
            }
            guard let payload = c.payload[path] else {
                r.report.add(
                    .init(
                        .payloadDigests, .fail, "\(path) is listed in the manifest but missing from the archive",
                        subject: path))
                failed = true
                continue
            }
            found += 1
            if payload.sha256 != expected {
                r.report.add(
                    .init(
                        .payloadDigests, .fail,
                        "\(path) changed: SHA-256 is \(payload.sha256), the manifest says \(expected)", subject: path))
                failed = true
            }
        }
        // Manifest paths are unique, so a payload file is unlisted exactly when more were read
        // than the manifest's were found; only then are they sought out (and sorted).
        let unlisted = c.payload.count > found ? c.payload.keys.filter { bag.manifest.index[$0] == nil }.sorted() : []
        for path in unlisted {
            r.report.add(
                .init(
                    .payloadDigests, .fail, "\(path) is in the archive but not in the manifest (added after sealing?)",
                    subject: path))
            failed = true
        }
        let bytes = c.payload.values.reduce(Int64(0)) { $0 + $1.size }
        let oxum = "\(bytes).\(c.payload.count)"
        if let declared = bag.info["Payload-Oxum"], declared != oxum {
            r.report.add(.init(.payloadOxum, .fail, "Payload-Oxum says \(declared), the payload is \(oxum)"))
            failed = true
        }
        if !failed {
            r.report.add(
                .init(
                    .payloadDigests, .pass,
                    "\(c.payload.count) payload files, \(bytes) bytes, all match manifest-sha256.txt"))
        }
    }
}

/// Tag files against the tag manifest; every tag file outside signature/ must be listed.
enum TagCheck {
    static func run(_ c: BagContents, _ bag: ParsedBag, into r: inout VerificationResult) {
        var failed = false
        let listed = bag.tagManifest.index
        for (path, expected) in bag.tagManifest.entries {
            guard let digest = c.tagDigest(path) else {
                r.report.add(
                    .init(.tagManifest, .fail, "\(path) is listed in the tag manifest but missing", subject: path))
                failed = true
                continue
            }
            if digest != expected {
                r.report.add(.init(.tagManifest, .fail, "\(path) was changed after sealing", subject: path))
                failed = true
            }
        }
        let unlisted = c.tagPaths.filter { listed[$0] == nil }.sorted()
        for path in unlisted where path != "tagmanifest-sha256.txt" && !path.hasPrefix("signature/") {
            r.report.add(
                .init(
                    .tagManifest, .fail, "\(path) is not covered by the tag manifest (added after sealing?)",
                    subject: path))
            failed = true
        }
        // Only the signature files FORMAT.md §2 names may sit outside the tag manifest.
        for path in unlisted where path.hasPrefix("signature/") {
            guard !BagOrder.isSealSignatureFile(path), ReceiptLayout.receiptNumber(of: path) == nil else { continue }
            r.report.add(
                .init(
                    .tagManifest, .fail,
                    "\(path) is not a signature file FORMAT.md names, and nothing covers it (added after sealing?)",
                    subject: path))
            failed = true
        }
        for required in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", BagLayout.custodyFile, BagLayout.caseFile]
        where listed[required] == nil {
            r.report.add(.init(.tagManifest, .fail, "the tag manifest does not cover \(required)", subject: required))
            failed = true
        }
        if !failed {
            r.report.add(.init(.tagManifest, .pass, "\(listed.count) tag files match tagmanifest-sha256.txt"))
        }
    }
}

import SanadCrypto
import SanadFormat
