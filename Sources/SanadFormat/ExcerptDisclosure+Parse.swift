import SanadModel

extension ExcerptDisclosure {
    /// Reads `excerpt/disclosure.json` strictly; the reason for a refusal. Every index, offset,
    /// length and count is bounded, every hash is 64 lowercase hex digits, exhibits appear once
    /// and leaves are sorted without repeats; whether they agree with the commitment is the
    /// verifier's business.
    // lint: long (one strict reading of a small format, member by member, as FORMAT.md §10 lists them)
    public static func parse(_ bytes: [UInt8]) -> Result<ExcerptDisclosure, SanadError> {
        func bad(_ why: String) -> Result<ExcerptDisclosure, SanadError> {
            .failure(SanadError(.archiveCorrupt, "\(path) is not a valid disclosure: \(why)"))
        }
        guard let v = try? JSONParser.parse(bytes) else { return bad("not JSON") }
        guard v["format"]?.stringValue == format else { return bad("its format is not \(format)") }
        guard v["version"]?.intValue == version else { return bad("its version is not \(version)") }
        guard let created = v["created_at"]?.stringValue, let tool = v["tool"]?["version"]?.stringValue,
            let archive = v["archive"],
            archive["sha256"] == .null
                || archive["sha256"]?.stringValue.map({ Commitment.isHex($0, 64) }) == true,
            let archiveName = v["archive"]?["name"]?.stringValue, let exList = v["exhibits"]?.arrayValue,
            let itemList = v["items"]?.arrayValue
        else { return bad("a member is missing") }
        var exhibits: [Exhibit] = []
        var seen = Set<String>()
        for e in exList {
            guard let id = e["exhibit"]?.stringValue, ExhibitID(id) != nil, seen.insert(id).inserted else {
                return bad("an exhibit is missing, repeated or not an exhibit number")
            }
            let entry = Exhibit(exhibit: id, leaves: [], proof: [], runs: [])
            guard e["commitment"]?.stringValue == entry.commitmentPath, e["bytes"]?.stringValue == entry.bytesPath,
                let leaves = e["leaves"]?.arrayValue, !leaves.isEmpty, leaves.count <= maxLeaves,
                let proof = e["proof"]?.arrayValue, proof.count <= 64 * leaves.count + 64,
                let runs = e["runs"]?.arrayValue
            else { return bad("\(id): its commitment, bytes, leaves, proof or runs are missing or malformed") }
            var parsed = entry
            for l in leaves {
                guard let i = l["index"]?.intValue, i >= 0, i < Int64(maxLeaves), let o = l["offset"]?.intValue,
                    o >= 0, let n = l["length"]?.intValue, n >= 0, n < 1 << 40, o < 1 << 50,
                    let salt = l["salt"]?.stringValue, Commitment.isHex(salt, 64),
                    parsed.leaves.last.map({ $0.index < Int(i) }) ?? true
                else { return bad("\(id): a leaf is malformed, out of order or repeated") }
                parsed.leaves.append(Leaf(index: Int(i), offset: o, length: n, salt: salt))
            }
            for p in proof {
                guard let h = p.stringValue, Commitment.isHex(h, 64) else {
                    return bad("\(id): a proof node is not hex")
                }
                parsed.proof.append(h)
            }
            for r in runs {
                guard let pair = r.arrayValue, pair.count == 2, let a = pair[0].intValue, let b = pair[1].intValue,
                    a >= 0, b >= 0, a < Int64(maxLeaves), b < Int64(maxLeaves)
                else { return bad("\(id): a run is not [first, last]") }
                parsed.runs.append([Int(a), Int(b)])
            }
            exhibits.append(parsed)
        }
        var items: [Item] = []
        for i in itemList {
            guard let id = i["exhibit"]?.stringValue, ExhibitID(id) != nil, let p = i["path"]?.stringValue,
                p.hasPrefix("data/\(id)/"), !p.contains(".."), seen.insert(id).inserted
            else { return bad("a whole item is malformed or repeated") }
            items.append(Item(exhibit: id, path: p))
        }
        guard !exhibits.isEmpty || !items.isEmpty else { return bad("it discloses nothing") }
        return .success(
            ExcerptDisclosure(
                createdAt: created, toolVersion: tool, recipient: v["recipient"]?.stringValue,
                reason: v["reason"]?.stringValue, archiveSHA256: archive["sha256"]?.stringValue,
                archiveName: archiveName,
                exhibits: exhibits, items: items))
    }
}
