import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// Reads a stored age file in 1 MiB pieces, decrypting the next pieces on a thread of its own
/// while the caller works on the current one (a seal hashes and archives it), so that
/// decryption runs on the second core instead of adding to the caller's. Memory: three pieces.
final class DecryptAhead: @unchecked Sendable {
    static let pieceSize = 1 << 20
    static let slots = 3

    private let reader: AgeReader
    private let buffers: [UnsafeMutableRawBufferPointer]
    /// What the producer left in each buffer; handed over by the `filled` semaphores.
    private final class Piece {
        var count = 0
        var failure: SanadError?
    }
    private let pieces: [Piece]
    private let filled: [DispatchSemaphore]
    private let free = DispatchSemaphore(value: DecryptAhead.slots)
    private let done = DispatchSemaphore(value: 0)
    private let stop = NSLock()
    private var stopped = false

    init(_ reader: AgeReader) {
        self.reader = reader
        buffers = (0..<Self.slots).map { _ in .allocate(byteCount: Self.pieceSize, alignment: 64) }
        pieces = (0..<Self.slots).map { _ in Piece() }
        filled = (0..<Self.slots).map { _ in DispatchSemaphore(value: 0) }
    }

    deinit {
        for b in buffers {
            b.initializeMemory(as: UInt8.self, repeating: 0)
            b.deallocate()
        }
    }

    /// Calls `body` with bytes `from..<to` in order, each piece valid only during the call.
    func run(from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let total = Int((to - from + Int64(Self.pieceSize) - 1) / Int64(Self.pieceSize))
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            produce(from: from, to: to, pieces: total)
            done.signal()
        }
        defer {
            stop.lock()
            stopped = true
            stop.unlock()
            for _ in 0..<Self.slots { free.signal() }
            done.wait()
        }
        for k in 0..<total {
            let slot = k % Self.slots
            filled[slot].wait()
            if let failure = pieces[slot].failure { throw failure }
            try body(UnsafeRawBufferPointer(rebasing: buffers[slot][0..<pieces[slot].count]))
            free.signal()
        }
    }

    private func produce(from: Int64, to: Int64, pieces total: Int) {
        for k in 0..<total {
            free.wait()
            stop.lock()
            let halt = stopped
            stop.unlock()
            if halt { return }
            let slot = k % Self.slots
            let offset = from + Int64(k) * Int64(Self.pieceSize)
            let want = Int(min(Int64(Self.pieceSize), to - offset))
            pieces[slot].failure = nil
            do throws(SanadError) {
                var got = 0
                while got < want {
                    let target = UnsafeMutableRawBufferPointer(rebasing: buffers[slot][got..<want])
                    let n = try reader.read(at: offset + Int64(got), into: target)
                    guard n > 0 else { throw SanadError(.workspaceDamaged, "\(reader.label) ended early") }
                    got += n
                }
                pieces[slot].count = got
            } catch {
                pieces[slot].failure = error
                filled[slot].signal()
                return
            }
            filled[slot].signal()
        }
    }
}
