import Foundation
import SanadArchive
import SanadCrypto
import SanadFormat
import SanadIO
import SanadModel
import SanadWorkspace

/// An original sealed in an envelope before the tag files are made (the manifest lists the
/// envelope's digest, which only its bytes give): the ciphertext, in an unnamed temporary file of
/// the workspace that vanishes when the seal ends, is interrupted or killed. The plaintext is
/// never written anywhere.
final class PreparedEnvelope {
    let fd: Int32
    let size: Int64
    let sha256: String

    init(fd: Int32, size: Int64, sha256: String) {
        self.fd = fd
        self.size = size
        self.sha256 = sha256
    }

    deinit { close(fd) }
}

extension Sealer {
    /// Makes the envelope of every enveloped original, checking its plaintext against its recorded
    /// digest on the way. Keyed by the payload's index.
    func prepareEnvelopes(_ inputs: SealInputs) throws(SanadError) -> [Int: PreparedEnvelope] {
        var out: [Int: PreparedEnvelope] = [:]
        for (i, p) in inputs.payload.enumerated() where p.enveloped {
            out[i] = try envelope(p, to: inputs.recipients)
        }
        return out
    }

    private func envelope(_ p: SealInputs.Payload, to recipients: [Certificate]) throws(SanadError) -> PreparedEnvelope
    {
        let stored: StoredFile
        do { stored = try store.openOriginal(p.objectRel) } catch { throw unopened(p, error) }
        guard stored.size == p.item.size else { throw resized(p) }
        let fd = try Self.unnamedTemporary(in: store.workspace.tmpDir)
        do throws(SanadError) {
            let writer = try CMSEnvelopeWriter(recipients: recipients, contentLength: p.item.size)
            let plain = try DigestSet([.sha256])
            let sealed = try DigestSet([.sha256])
            let write = { (b: UnsafeRawBufferPointer) throws(SanadError) in
                sealed.update(b)
                if let e = FileOutput.writeAll(fd, b).error { throw SystemError.make(e, "write an envelope") }
            }
            try Self.withBytes(writer.layout.header[...], write)
            try stored.forEachChunk { (chunk) throws(SanadError) in
                plain.update(chunk)
                try writer.update(chunk, write)
            }
            try writer.finish(write)
            guard plain.finalize()[.sha256] == p.item.sha256 else { throw changed(p) }
            return PreparedEnvelope(
                fd: fd, size: writer.layout.totalSize ?? 0, sha256: sealed.finalize()[.sha256] ?? "")
        } catch {
            close(fd)
            throw error
        }
    }

    static func withBytes(
        _ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        var failure: SanadError?
        bytes.withUnsafeBytes { b in
            do throws(SanadError) { try body(b) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// A temporary file with no name: created, then unlinked at once.
    private static func unnamedTemporary(in dir: String) throws(SanadError) -> Int32 {
        var template = Array("\(dir)/envelope-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SystemError.make(errno, "create a temporary file in \(dir)") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        return fd
    }

    /// Copies a prepared envelope into the archive entry begun for it.
    func copyEnvelope(_ e: PreparedEnvelope, into writer: ArchiveWriter) throws(SanadError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < e.size {
            let n = buffer.withUnsafeMutableBytes { pread(e.fd, $0.baseAddress, $0.count, off_t(offset)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw SystemError.make(n < 0 ? errno : EIO, "read back an envelope") }
            try Self.withBytes(buffer[0..<n]) { (b) throws(SanadError) in try writer.writeData(b) }
            offset += Int64(n)
        }
    }
}

extension Sealer {
    /// The payload in exhibit order: originals streamed from the store, envelopes from their
    /// temporary files.
    func copyAllPayload(
        _ payload: [SealInputs.Payload], envelopes: [Int: PreparedEnvelope], into writer: ArchiveWriter, top: String
    ) throws(SanadError) {
        let pool = ChunkPool()
        var start = 0
        while start < payload.count {
            if let e = envelopes[start] {
                try writer.beginFile(path: "\(top)/\(payload[start].bagPath)", size: e.size)
                try copyEnvelope(e, into: writer)
                start += 1
                continue
            }
            var end = start
            while end < payload.count, envelopes[end] == nil { end += 1 }
            if store.encrypted {
                try copyEncryptedPayload(Array(payload[start..<end]), into: writer, top: top)
            } else {
                for p in payload[start..<end] { try copyPayload(p, into: writer, top: top, pool: pool) }
            }
            start = end
        }
    }
}
