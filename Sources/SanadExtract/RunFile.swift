import Foundation
import SanadArchive
import SanadCrypto
import SanadModel
import SanadIO

/// A temporary file of sorted records, unlinked as soon as it is created: only the open
/// descriptor reaches it, and it disappears when closed or when the process dies.
///
/// Records are gathered into frames of at least `frameSize` bytes, each holding whole records,
/// and each frame is compressed with LZ4 (a timeline's JSON lines share most of their bytes:
/// about 11 to 1). A large timeline spills hundreds of MiB of runs; compressed, the merge that
/// reads them all back again is no longer bound by the disk. Frames are written in whole
/// blocks past the page cache (`DirectBlockWriter`). A frame on disk: its size in records'
/// bytes and its sealed size (two little-endian UInt32), then the compressed bytes sealed with
/// ChaCha20-Poly1305 under a key made for this run and held only in memory (the nonce counts
/// frames; the header is authenticated too): a run holds every message of the case, and
/// neither a disk image nor a look at the descriptor before the process ends reads it.
final class RunFile {
    static let frameSize = 256 << 10
    static let frameHeader = 8
    let fd: Int32
    /// Until `finish`; dropped then, so a finished run holds no write buffers.
    private var writer: DirectBlockWriter?
    private var frame: [UInt8] = []
    private var compressed: [UInt8] = []
    /// Bytes on disk, and records, written so far.
    private(set) var size: Int64 = 0
    private(set) var records = 0
    /// The run's ephemeral key, wiped when the run is released.
    private(set) var key: [UInt8]
    private var frames: UInt64 = 0

    init(dir: String) throws(SanadError) {
        var template = Array("\(dir)/timeline-run-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SystemError.make(errno, "create a temporary file in \(dir)") }
        let path = String(cString: template)
        unlink(path)
        self.fd = fd
        do { key = try SecureRandom.bytes(32) } catch {
            close(fd)
            throw error
        }
        writer = DirectBlockWriter(fd: fd, label: "a temporary sort file", background: true)
        frame.reserveCapacity(Self.frameSize + (4 << 10))
    }

    deinit {
        close(fd)
        key.withUnsafeMutableBytes { ProcessHardening.wipe($0) }
    }

    /// The nonce of frame `n`: four zero bytes, then `n` little-endian.
    static func nonce(_ n: UInt64) -> [UInt8] { [0, 0, 0, 0] + withUnsafeBytes(of: n.littleEndian) { Array($0) } }

    /// One record: the key, the line's length, the line.
    func append(_ key: SortKey, _ line: UnsafeRawBufferPointer) throws(SanadError) {
        guard writer != nil else { throw SanadError(.internalError, "a finished sort run was written to") }
        var head = (
            key.group.littleEndian, key.primary.littleEndian, key.secondary.littleEndian, key.sequence.littleEndian,
            UInt32(line.count).littleEndian
        )
        withUnsafeBytes(of: &head) { frame.append(contentsOf: $0[0..<(SortKey.byteCount + 4)]) }
        frame.append(contentsOf: line)
        records += 1
        if frame.count >= Self.frameSize { try writeFrame() }
    }

    private func writeFrame() throws(SanadError) {
        guard !frame.isEmpty, let writer else { return }
        let bound = LZ4Block.bound(frame.count)
        if compressed.count < Self.frameHeader + bound {
            compressed = [UInt8](repeating: 0, count: Self.frameHeader + bound)
        }
        let n = frame.withUnsafeBytes { src in
            compressed.withUnsafeMutableBytes { dst in
                LZ4Block.compress(src, into: UnsafeMutableRawBufferPointer(rebasing: dst[Self.frameHeader...]))
            }
        }
        guard n > 0 else {
            throw SanadError(.internalError, "LZ4 could not compress a sort frame of \(frame.count) bytes")
        }
        var header = [UInt8](repeating: 0, count: Self.frameHeader)
        header.withUnsafeMutableBytes { dst in
            dst.storeBytes(of: UInt32(frame.count).littleEndian, toByteOffset: 0, as: UInt32.self)
            dst.storeBytes(of: UInt32(Int(n) + ChaChaPoly.tagLength).littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        let sealed =
            try header
            + ChaChaPoly.seal(
                Array(compressed[Self.frameHeader..<(Self.frameHeader + Int(n))]), key: key, nonce: Self.nonce(frames),
                aad: header)
        frames += 1
        try withRawBytes(sealed) { (raw: UnsafeRawBufferPointer) throws(SanadError) in try writer.append(raw) }
        size += Int64(sealed.count)
        frame.removeAll(keepingCapacity: true)
    }

    /// Writes out the last frame and the last, short block; call it once, before reading.
    func finish() throws(SanadError) {
        try writeFrame()
        try writer?.flush()
        writer = nil
        frame = []
        compressed = []
    }
}
