import Foundation
import SanadCrypto
import SanadModel

/// An archive sealed inside an envelope (`seal --encrypt-archive-to`, docs/FORMAT.md §2.3),
/// verified without its plaintext ever reaching a disk: a thread reads the envelope and opens
/// it with the recipient's key into a pipe, from which the archive is verified as a stream, the
/// same checks as for the file. The envelope's tag, checked at its end, must hold too
/// (`archive-envelope`).
enum EnvelopedArchive {
    /// Whether the file at `path` starts as an envelope (a CMS ContentInfo of AuthEnvelopedData).
    static func sniff(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 32))
        let oid = CMSEnvelopeLayout.authEnvelopedOID
        guard head.count >= 2 + oid.count, head[0] == 0x30 else { return false }
        // The outer length: indefinite (chunked), short, or one to four bytes long.
        let at: Int
        switch head[1] {
        case 0...0x80: at = 2
        case 0x81...0x84: at = 2 + Int(head[1] & 0x7F)
        default: return false
        }
        return head.count >= at + oid.count && Array(head[at..<(at + oid.count)]) == oid
    }

    static func verify(path: String, options: ArchiveVerifier.Options) -> VerificationResult {
        guard let key = options.envelopeKey else {
            var r = VerificationResult()
            r.report.add(
                .init(
                    .containerReadable, .fail,
                    "\(path) is an archive sealed inside an envelope (CMS AuthEnvelopedData) for named recipients; "
                        + "it can be verified only once opened with one recipient's key"))
            r.hint = "Give a recipient's key: sanad verify \(path) --key KEY.pem --cert CERT.pem"
            return r
        }
        if let refusal = refusal(path, key) {
            var r = VerificationResult()
            r.report.add(.init(.archiveEnvelope, .fail, refusal))
            return r
        }
        guard let opening = Opening(path: path, key: key) else {
            var r = VerificationResult()
            r.report.add(.init(.containerReadable, .fail, "\(path) cannot be read"))
            return r
        }
        var inside = options
        inside.insideEnvelope = true
        var r = ArchiveVerifier.verifyStream(path: path, options: inside, stream: opening.read)
        let check = opening.check()
        r.report.add(check)
        if check.outcome == .fail {
            r.hint =
                "The envelope was changed or cut short after it was sealed: ask the sealer for the file exactly as "
                + "sealed (its size is in their custody log)."
        }
        return r
    }

    /// Why the envelope cannot be opened with `key` at all (read from its header), or nil.
    private static func refusal(_ path: String, _ key: EnvelopeKey) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "\(path) cannot be read" }
        defer { try? handle.close() }
        var head: [UInt8] = []
        while head.count <= CMSEnvelopeLayout.maxHeader {
            let more = [UInt8](handle.readData(ofLength: 1 << 16))
            head += more
            switch CMSEnvelopeLayout.parse(prefix: head[...]) {
            case .needMore where !more.isEmpty: continue
            case .needMore: return "the envelope ends before its content begins"
            case .invalid(let why): return "the envelope is not in Sanad's form: \(why)"
            case .layout(let layout):
                do {
                    _ = try CMSEnvelopeOpener(layout: layout, key: key.key, certificate: key.certificate)
                    return nil
                } catch {
                    return
                        "the key of \(key.certificate.subject.oneLine) is not one the archive's envelope was made for"
                }
            }
        }
        return "the envelope's header is too large"
    }

    /// The archive's bytes as the envelope opens, for the verifier's reading thread. A thread of
    /// its own reads the ciphertext and decrypts it a block ahead, into a few slots that `read`
    /// copies out of: decryption runs beside the reading thread's hashing.
    private final class Opening: @unchecked Sendable {
        static let slots = 4
        static let block = 1 << 20
        private let fd: Int32
        private let path: String
        private var reader: CMSEnvelopeReader!
        /// Plaintext blocks, each filled by the producer and emptied by `read`.
        private let buffers: [UnsafeMutableRawBufferPointer]
        private var counts: [Int]
        private let free = DispatchSemaphore(value: 0)
        private let filled = DispatchSemaphore(value: 0)
        private let done = DispatchSemaphore(value: 0)
        /// The producer's slot and how much of it is filled.
        private var fillSlot = 0
        private var fillCount = 0
        /// The slot `read` is copying out of, and how far.
        private var readSlot = 0
        private var readStart = 0
        private var holding = false
        private var finished = false
        private var failure: String?
        private var outerSize: Int64 = 0

        init?(path: String, key: EnvelopeKey) {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            self.path = path
            buffers = (0..<Self.slots).map { _ in
                UnsafeMutableRawBufferPointer.allocate(byteCount: Self.block, alignment: 4096)
            }
            counts = Array(repeating: 0, count: Self.slots)
            for _ in 0..<Self.slots { free.signal() }
            reader = CMSEnvelopeReader(key: key.key, certificate: key.certificate) { [unowned self] plain in
                (buffers[fillSlot].baseAddress! + fillCount).copyMemory(
                    from: plain.baseAddress!, byteCount: plain.count)
                fillCount += plain.count
            }
            Thread.detachNewThread { [self] in
                produce()
                done.signal()
            }
        }

        deinit {
            close(fd)
            buffers.forEach { $0.deallocate() }
        }

        /// The producer: decrypts into each free slot until it is nearly full, then hands it over;
        /// an empty slot marks the end. Plaintext is never longer than the ciphertext it comes
        /// from, so reading no more ciphertext than a slot has room for keeps it inside.
        private func produce() {
            var cipher = [UInt8](repeating: 0, count: Self.block)
            var ended = false
            while true {
                free.wait()
                fillCount = 0
                while !ended, Self.block - fillCount >= 64 << 10 {
                    let room = Self.block - fillCount
                    let n = cipher.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min(room, $0.count)) }
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else {
                        if n < 0 { failure = "\(path) could not be read to its end" }
                        reader.finish()
                        ended = true
                        break
                    }
                    outerSize += Int64(n)
                    cipher.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    if reader.problem != nil { ended = true }
                }
                counts[fillSlot] = fillCount
                let last = fillCount == 0
                fillSlot = (fillSlot + 1) % Self.slots
                filled.signal()
                if last { return }
            }
        }

        /// `ContainerScanner.StreamRead`: the next plaintext bytes, 0 at the end.
        func read(_ into: UnsafeMutableRawBufferPointer) -> Int {
            while !finished {
                if !holding {
                    filled.wait()
                    holding = true
                    readStart = 0
                }
                let count = counts[readSlot]
                if count == 0 {
                    finished = true
                    free.signal()
                    return 0
                }
                if readStart == count {
                    holding = false
                    readSlot = (readSlot + 1) % Self.slots
                    free.signal()
                    continue
                }
                let n = min(into.count, count - readStart)
                into.baseAddress!.copyMemory(from: buffers[readSlot].baseAddress! + readStart, byteCount: n)
                readStart += n
                return n
            }
            return 0
        }

        /// `archive-envelope`, once the verifier is done: what it did not read is read now, so
        /// that the tag is always checked.
        func check() -> Report.Check {
            var scratch = [UInt8](repeating: 0, count: 1 << 16)
            while scratch.withUnsafeMutableBytes({ read($0) }) > 0 {}
            done.wait()
            let what = "the envelope (\(outerSize) bytes)"
            if let failure { return .init(.archiveEnvelope, .fail, failure) }
            if let why = reader.problem { return .init(.archiveEnvelope, .fail, "\(what) is not whole: \(why)") }
            switch reader.opened {
            case .authentic:
                return .init(
                    .archiveEnvelope, .pass,
                    "\(what) opened with the recipient's key and its authentication tag holds: the archive checked "
                        + "above is exactly the one the sealer enveloped (read as a stream, never written to disk)")
            case .tagFailed:
                return .init(
                    .archiveEnvelope, .fail,
                    "\(what) was changed: its authentication tag does not hold, so the archive read from it is not "
                        + "the one the sealer enveloped")
            case .notRecipient:
                return .init(.archiveEnvelope, .fail, "the key given is not one of the envelope's recipients")
            case .failed(let why): return .init(.archiveEnvelope, .fail, "\(what) cannot be opened: \(why)")
            case .notTried: return .init(.archiveEnvelope, .fail, "\(what) was not opened")
            }
        }
    }
}
