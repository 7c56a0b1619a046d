import Dispatch
import Foundation
import SanadCrypto
import SanadIO
import SanadModel

/// Reads a run's records in order, for the merge.
///
/// A run is a sequence of LZ4 frames of whole records (`RunFile`). While the merge takes
/// records from one frame, the next is read and decompressed into a second buffer on the
/// merge's read queue, so decompression runs on the other core and the merge seldom waits.
///
/// A value, not an object, so that the merge reaches each reader in its array in place, with
/// no reference counting per record; the owner calls `release` when done.
struct RunReader {
    /// Where the next frame starts; touched only on the read queue, one request at a time.
    final class Source: @unchecked Sendable {
        let fd: Int32
        let size: Int64
        var offset: Int64 = 0
        var compressed: [UInt8] = []
        let key: [UInt8]
        var frames: UInt64 = 0
        init(fd: Int32, size: Int64, key: [UInt8]) {
            self.fd = fd
            self.size = size
            self.key = key
        }
    }

    /// One decompressed frame.
    final class Slot: @unchecked Sendable {
        var memory = UnsafeMutableRawBufferPointer.allocate(byteCount: RunFile.frameSize + (64 << 10), alignment: 64)
        var count = 0
        var failure: SanadError?
        let ready = DispatchSemaphore(value: 0)
        var inFlight = false
        deinit { memory.deallocate() }
    }

    private let queue: DispatchQueue
    private let source: Source
    private var slots: [Slot]
    private var current = 0
    private var at = 0
    private var remaining: Int
    private var pendingLength = 0

    /// The run must stay open until `release`; `queue` (serial, shared by a merge's readers)
    /// does the reads.
    init(_ run: RunFile, queue: DispatchQueue) throws(SanadError) {
        self.queue = queue
        source = Source(fd: run.fd, size: run.size, key: run.key)
        remaining = run.records
        slots = [Slot(), Slot()]
        request(0)
        request(1)
        do {
            try waitFor(0)
        } catch {
            release()
            throw error
        }
    }

    mutating func release() {
        for s in slots where s.inFlight {
            s.ready.wait()
            s.inFlight = false
        }
        slots = []
    }

    /// Reads and decompresses the next frame into slot `k` (nothing at the end of the run).
    private mutating func request(_ k: Int) {
        let (slot, source) = (slots[k], self.source)
        slot.inFlight = true
        queue.async {
            defer { slot.ready.signal() }
            slot.count = 0
            slot.failure = nil
            do throws(SanadError) { try Self.readFrame(source, into: slot) } catch { slot.failure = error }
        }
    }

    private static func readFrame(_ source: Source, into slot: Slot) throws(SanadError) {
        guard source.offset < source.size else { return }
        var header = [UInt8](repeating: 0, count: RunFile.frameHeader)
        try readFully(source, &header, at: source.offset)
        let rawSize = Int(
            header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) })
        let packed = Int(
            header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) })
        guard packed > ChaChaPoly.tagLength, source.offset + Int64(RunFile.frameHeader + packed) <= source.size else {
            throw SanadError(.ioError, "a temporary sort file is damaged (a frame runs past its end)")
        }
        if source.compressed.count < packed { source.compressed = [UInt8](repeating: 0, count: packed) }
        try readFully(source, &source.compressed, count: packed, at: source.offset + Int64(RunFile.frameHeader))
        if slot.memory.count < rawSize {
            slot.memory.deallocate()
            slot.memory = UnsafeMutableRawBufferPointer.allocate(byteCount: rawSize, alignment: 64)
        }
        guard
            let opened = try? ChaChaPoly.open(
                Array(source.compressed[0..<packed]), key: source.key, nonce: RunFile.nonce(source.frames), aad: header)
        else { throw SanadError(.ioError, "a temporary sort file is damaged (a frame does not authenticate)") }
        source.frames += 1
        let n = opened.withUnsafeBytes { src in LZ4Block.decompress(src, into: slot.memory) }
        guard n == rawSize else {
            throw SanadError(.ioError, "a temporary sort file is damaged (a frame does not decompress)")
        }
        slot.count = rawSize
        source.offset += Int64(RunFile.frameHeader + packed)
    }

    private static func readFully(
        _ source: Source, _ buffer: inout [UInt8], count: Int? = nil, at offset: Int64
    ) throws(SanadError) {
        let want = count ?? buffer.count
        var got = 0
        while got < want {
            let n = buffer.withUnsafeMutableBytes {
                pread(source.fd, $0.baseAddress! + got, want - got, off_t(offset) + off_t(got))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError.make(errno, "read a temporary sort file")
            }
            guard n > 0 else { throw SanadError(.ioError, "a temporary sort file is shorter than written") }
            got += n
        }
    }

    private mutating func waitFor(_ k: Int) throws(SanadError) {
        let slot = slots[k]
        slot.ready.wait()
        slot.inFlight = false
        if let failure = slot.failure { throw failure }
    }

    /// `count` bytes of the current frame, valid until the next call. Frames hold whole
    /// records, so a record never crosses into the next frame.
    private mutating func take(_ count: Int) throws(SanadError) -> UnsafeRawBufferPointer {
        if at == slots[current].count {
            let next = 1 - current
            try waitFor(next)
            request(current)
            current = next
            at = 0
        }
        guard at + count <= slots[current].count else {
            throw SanadError(.ioError, "a temporary sort file is damaged (a record crosses a frame)")
        }
        defer { at += count }
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(slots[current].memory)[at..<(at + count)])
    }

    mutating func nextKey() throws(SanadError) -> SortKey? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let head = try take(SortKey.byteCount + 4)
        pendingLength = Int(
            UInt32(littleEndian: head.loadUnaligned(fromByteOffset: SortKey.byteCount, as: UInt32.self)))
        return SortKey(UnsafeRawBufferPointer(rebasing: head[0..<SortKey.byteCount]))
    }

    /// The line of the key `nextKey` gave; valid until the next call.
    mutating func line() throws(SanadError) -> UnsafeRawBufferPointer {
        try take(pendingLength)
    }
}
