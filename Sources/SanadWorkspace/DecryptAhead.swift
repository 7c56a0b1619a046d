import Foundation
import SanadCrypto
import SanadModel

/// Reads a stored age file in 1 MiB pieces, decrypting the next pieces on a thread of its own
/// while the caller works on the current one (a digest of the whole file), so that decryption
/// runs on the second core instead of adding to the caller's. Memory: three pieces.
final class DecryptAhead: @unchecked Sendable {
    static let pieceSize = 1 << 20
    static let slots = 3

    private let reader: AgeReader

    init(_ reader: AgeReader) { self.reader = reader }

    /// Calls `body` with bytes `from..<to` in order, each piece valid only during the call.
    func run(from: Int64, to: Int64, _ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        let total = Int((to - from + Int64(Self.pieceSize) - 1) / Int64(Self.pieceSize))
        guard total > 0 else { return }
        let ring = PieceRing<Result<Int, SanadError>>(slots: Self.slots, pieceSize: Self.pieceSize, empty: .success(0))
        var k = 0
        try ring.run(
            produce: { [reader] ring in Self.produce(reader, ring, from: from, to: to, pieces: total) },
            consume: { (piece, buffer) throws(SanadError) -> Bool in
                let count = try piece.get()
                try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                k += 1
                return k < total
            })
    }

    private static func produce(
        _ reader: AgeReader, _ ring: PieceRing<Result<Int, SanadError>>, from: Int64, to: Int64, pieces total: Int
    ) {
        for k in 0..<total {
            guard let (slot, buffer) = ring.take() else { return }
            let offset = from + Int64(k) * Int64(pieceSize)
            let want = Int(min(Int64(pieceSize), to - offset))
            do throws(SanadError) {
                var got = 0
                while got < want {
                    let n = try reader.read(
                        at: offset + Int64(got), into: UnsafeMutableRawBufferPointer(rebasing: buffer[got..<want]))
                    guard n > 0 else { throw SanadError(.workspaceDamaged, "\(reader.label) ended early") }
                    got += n
                }
                ring.hand(slot, .success(got))
            } catch {
                ring.hand(slot, .failure(error))
                return
            }
        }
    }
}
