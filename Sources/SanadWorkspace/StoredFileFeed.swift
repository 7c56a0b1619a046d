import Foundation
import SanadModel

/// Reads a list of stored originals in order on a thread of its own (opening each, unwrapping
/// its key, decrypting it in 1 MiB pieces) while the caller works on what was read before: a
/// seal of an encrypted workspace, whose other core archives and hashes. Unlike a read ahead
/// within one file, it also runs ahead across files, so a thousand small photos are opened and
/// decrypted while the previous ones are archived. Memory: `slots` pieces.
public final class StoredFileFeed: @unchecked Sendable {
    public static let pieceSize = 1 << 20
    static let slots = 4

    /// A file about to be fed: its size, and whether it is bound to the digest it was listed
    /// with (`StoredFile.isBound(to:)`).
    public struct Opened {
        public let size: Int64
        public let bound: Bool
    }

    public struct Failure {
        public let index: Int
        public let error: SanadError
        /// Whether the file could not be opened at all (missing, or its header does not open).
        public let opening: Bool
    }

    private enum Piece {
        case opened(Int, Opened)
        case data(Int, Int)
        case failed(Failure)
    }

    private let store: CaseStore
    private let files: [(rel: String, sha256: String)]

    public init(store: CaseStore, files: [(rel: String, sha256: String)]) {
        self.store = store
        self.files = files
    }

    /// For each file in order: `opened` once, then `chunk` with its content piece by piece
    /// (valid only during the call), then `ended`. A file that cannot be opened or read stops
    /// the feed with the error `failed` makes of it; so does a throw from the caller's closures.
    public func run(
        opened: (Int, Opened) throws(SanadError) -> Void,
        chunk: (Int, UnsafeRawBufferPointer) throws(SanadError) -> Void,
        ended: (Int) throws(SanadError) -> Void, failed: (Failure) -> SanadError
    ) throws(SanadError) {
        guard !files.isEmpty else { return }
        let ring = PieceRing<Piece>(slots: Self.slots, pieceSize: Self.pieceSize, empty: .data(0, 0))
        var left: Int64 = 0
        var current = -1
        try ring.run(
            produce: { [self] ring in produce(ring) },
            consume: { (piece, buffer) throws(SanadError) -> Bool in
                switch piece {
                case .failed(let failure): throw failed(failure)
                case .opened(let index, let info):
                    current = index
                    left = info.size
                    try opened(index, info)
                case .data(let index, let count):
                    try chunk(index, UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    left -= Int64(count)
                }
                if left == 0 { try ended(current) }
                return current < files.count - 1 || left > 0
            })
    }

    private func produce(_ ring: PieceRing<Piece>) {
        for (index, file) in files.enumerated() {
            let stored: StoredFile
            do { stored = try store.openOriginal(file.rel) } catch {
                if let (slot, _) = ring.take() {
                    ring.hand(slot, .failed(Failure(index: index, error: error, opening: true)))
                }
                return
            }
            guard let (slot, _) = ring.take() else { return }
            ring.hand(slot, .opened(index, Opened(size: stored.size, bound: stored.isBound(to: file.sha256))))
            var offset: Int64 = 0
            while offset < stored.size {
                guard let (slot, buffer) = ring.take() else { return }
                let want = Int(min(Int64(Self.pieceSize), stored.size - offset))
                do throws(SanadError) {
                    var got = 0
                    while got < want {
                        let n = try stored.read(
                            at: offset + Int64(got), into: UnsafeMutableRawBufferPointer(rebasing: buffer[got..<want]))
                        guard n > 0 else { throw SanadError(.workspaceDamaged, "\(file.rel) ended early") }
                        got += n
                    }
                } catch {
                    ring.hand(slot, .failed(Failure(index: index, error: error, opening: false)))
                    return
                }
                ring.hand(slot, .data(index, want))
                offset += Int64(want)
            }
        }
    }
}
