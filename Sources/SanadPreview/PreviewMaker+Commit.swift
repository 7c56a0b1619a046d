import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace

extension PreviewMaker {
    /// Declares, writes, syncs, appends (docs/WORKSPACE.md §5). A failure before the append
    /// leaves declared leftovers that the next write command removes.
    func commit(
        _ rendered: RenderedPreview, item: CommittedItem, format: ImageFormat, log: CustodyLog, actor: String
    ) throws(SanadError) -> DerivedPreview {
        let store = CaseStore(workspace)
        let pngRel = CaseStore.derivedPath(item: item.id, name: DerivedPreview.fileName)
        let recordRel = CaseStore.derivedPath(item: item.id, name: DerivedPreview.recordName)
        let now = Timestamp.utc(clock())
        let pngSHA = MessageDigest.sha256Hex(rendered.png)
        let tool: JSONValue = .object(
            Tool.json.merging(["libvips": .string(PreviewRenderer.libvipsVersion)]) { a, _ in a })
        let record = CanonicalJSON.encodePretty([
            "format": "sanad-derived", "version": 1, "kind": "preview", "made_at": .string(now),
            "source": ["item": .string(item.id), "sha256": .string(item.sha256), "type": .string(format.mime)],
            "output": [
                "path": .string(pngRel), "sha256": .string(pngSHA), "size": .int(Int64(rendered.png.count)),
                "type": "image/png", "width": .int(Int64(rendered.width)), "height": .int(Int64(rendered.height)),
            ],
            "source_pixels": [
                "width": .int(Int64(rendered.sourceWidth)), "height": .int(Int64(rendered.sourceHeight)),
            ],
            "parameters": PreviewRenderer.parameters, "limits": limits.json, "tool": tool,
        ])
        let pending = try PendingBatch(workspace: workspace)
        try pending.declare(
            [pngRel, recordRel] + (store.encrypted ? [] : ["\(DerivedRecord.folder)/\(item.id)"]))
        try store.writeDerived(rendered.png, rel: pngRel)
        let recordSHA = try store.writeDerived(record, rel: recordRel)
        try store.syncWorkspace()
        let files: [JSONValue] = [
            [
                "role": "preview", "path": .string(pngRel), "sha256": .string(pngSHA),
                "size": .int(Int64(rendered.png.count)),
            ],
            [
                "role": "record", "path": .string(recordRel), "sha256": .string(recordSHA),
                "size": .int(Int64(record.count)),
            ],
        ]
        let details: JSONValue = [
            "kind": "preview", "source": .string(item.id), "source_sha256": .string(item.sha256),
            "files": .array(files), "tool": tool, "parameters": PreviewRenderer.parameters,
        ]
        let written = try log.append([
            .init(time: now, actor: actor, action: .derived, items: [item.id], details: details)
        ])
        try pending.reset()
        return DerivedPreview(
            made: item.id, seq: written[0].seq, png: rendered.png, sha256: pngSHA, source: item.sha256,
            rendered: rendered)
    }
}
