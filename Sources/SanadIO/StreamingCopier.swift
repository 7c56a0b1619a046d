import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// Copies a file and hashes it in one streaming pass, in constant memory.
///
/// The calling thread reads each 1 MiB chunk and writes it to the sink while a second thread
/// hashes the same chunk, so on two cores the copy costs little more than the hashing.
/// At most `slots` chunks are in flight.
public struct StreamingCopier {
    public static let chunkSize = 1 << 20
    public static let slots = 4

    public struct Result: Sendable {
        public let size: Int64
        public let digests: [DigestAlgorithm: String]
        /// The first `keepingPrefix` bytes (ingest detects the type from them).
        public let prefix: [UInt8]

        public init(size: Int64, digests: [DigestAlgorithm: String], prefix: [UInt8]) {
            self.size = size
            self.digests = digests
            self.prefix = prefix
        }
    }

    public let algorithms: [DigestAlgorithm]
    private let pool: ChunkPool
    /// Hash on the calling thread, while each chunk is still in this core's cache. For a caller
    /// whose sink hands the bytes to another thread anyway (a seal: libarchive, then the
    /// archive's own hash on a second core), a hasher thread would only make each chunk cross
    /// between cores twice.
    private let hashInline: Bool
    /// How many of the first bytes to return in `Result.prefix`.
    private let prefixLength: Int

    /// `pool` is shared by every file of a command, so memory stays constant.
    public init(
        algorithms: [DigestAlgorithm], pool: ChunkPool = ChunkPool(), hashInline: Bool = false,
        keepingPrefix prefixLength: Int = 0
    ) {
        self.algorithms = algorithms
        self.pool = pool
        self.hashInline = hashInline
        self.prefixLength = prefixLength
    }

    public func copy(fromFD src: Int32, label: String, to sink: ByteSink) throws(SanadError) -> Result {
        let digests = try DigestSet(algorithms)
        let buffers = pool.buffers
        // Raised from 0: disposing of a semaphore below its initial value traps (an error can
        // stop the copy with buffers still out).
        let free = DispatchSemaphore(value: 0)
        for _ in buffers { free.signal() }
        let hasher = DispatchQueue(label: "sanad.hash")
        var prefix: [UInt8] = []
        var size: Int64 = 0
        var index = 0
        // Every chunk handed to the hasher must be hashed before its buffer is freed or reused.
        defer { hasher.sync {} }
        while true {
            free.wait()
            let buf = buffers[index % buffers.count]
            let n = readFull(src, buf)
            if n < 0 {
                free.signal()
                throw SanadError(.ioError, "read \(label): \(String(cString: strerror(errno)))")
            }
            if n == 0 { free.signal(); break }
            let chunk = UnsafeRawBufferPointer(rebasing: buf[0..<n])
            if prefix.count < prefixLength {
                prefix += chunk.prefix(prefixLength - prefix.count)
            }
            if hashInline || (size == 0 && n < buf.count) {
                // A small file: a thread hop would cost more than the hashing.
                digests.update(chunk)
                free.signal()
            } else {
                hasher.async {
                    digests.update(chunk); free.signal()
                }
            }
            size += Int64(n)
            index += 1
            try sink.write(chunk)
        }
        hasher.sync {}
        return Result(size: size, digests: digests.finalize(), prefix: prefix)
    }

    /// Fills `buf` unless the file ends first; returns bytes read, 0 at end, -1 on error.
    private func readFull(_ fd: Int32, _ buf: UnsafeMutableRawBufferPointer) -> Int {
        var got = 0
        while got < buf.count {
            let n = read(fd, buf.baseAddress! + got, buf.count - got)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            got += n
        }
        return got
    }
}
