import Foundation
import SanadCrypto
import SanadModel
import XCTest

/// The streaming age writer and the random-access reader (issue 13's encrypted workspace):
/// round trips at the chunk boundaries whatever the pieces written, ranges read at random
/// offsets, the `age` tool both ways, padding to the Padmé lengths, and each kind of tampering
/// refused for its own reason. AgeStreamTamperTests holds the failures.
final class AgeStreamTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("age-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    static func plaintext(_ size: Int, seed: UInt64 = 1) -> [UInt8] {
        var x = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<size).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    /// `plain` through an AgeWriter in pieces of the given sizes (cycled), as one file.
    static func encrypt(
        _ plain: [UInt8], to recipients: [[UInt8]], pieces: [Int] = [1 << 20], padded: Bool = false
    ) throws -> [UInt8] {
        var out: [UInt8] = []
        let writer = try AgeWriter(
            recipients: recipients, expectedPlaintextSize: padded ? Int64(plain.count) : nil
        ) { out += $0 }
        var at = 0
        var k = 0
        try plain.withUnsafeBytes { all in
            while at < plain.count {
                let n = min(pieces[k % pieces.count], plain.count - at)
                try writer.write(UnsafeRawBufferPointer(rebasing: all[at..<at + n]))
                at += n
                k += 1
            }
        }
        try writer.finish()
        return out
    }

    /// A reader over `file`, written to a temporary file; the descriptor closes with the test.
    func reader(_ file: [UInt8], _ key: X25519KeyPair, name: String = "f.age") throws -> AgeReader {
        let path = dir.appendingPathComponent(name)
        try Data(file).write(to: path)
        let fd = open(path.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        addTeardownBlock { close(fd) }
        return try AgeReader(fd: fd, identities: [key], label: name)
    }

    static func readAll(_ r: AgeReader) throws -> [UInt8] {
        var out: [UInt8] = []
        try r.forEachChunk { out += $0 }
        return out
    }

    static let boundarySizes = [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, 131_073, 200_000]

    func testRoundTripsAtChunkBoundariesWhateverThePiecesWritten() throws {
        let key = try X25519KeyPair()
        for size in Self.boundarySizes {
            let plain = Self.plaintext(size, seed: UInt64(size + 1))
            for pieces in [[1 << 20], [1], [7, 4_093, 65_536, 65_537], [65_536], [65_535, 2]]
            where size < 70_000 || pieces != [1] {
                let file = try Self.encrypt(plain, to: [key.publicKey], pieces: pieces)
                XCTAssertEqual(
                    Int64(file.count), AgeFile.encryptedLength(plaintext: Int64(size), recipients: 1, padded: false))
                XCTAssertEqual(try AgeFile.decrypt(file, identities: [key]), plain, "size \(size) pieces \(pieces)")
                let r = try reader(file, key)
                XCTAssertEqual(r.plaintextSize, Int64(size))
                XCTAssertEqual(try Self.readAll(r), plain, "size \(size) pieces \(pieces)")
            }
        }
    }

    func testRangesAtRandomOffsetsMatchThePlaintext() throws {
        let key = try X25519KeyPair()
        let plain = Self.plaintext(600_001, seed: 9)
        let r = try reader(try Self.encrypt(plain, to: [key.publicKey], pieces: [10_000]), key)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let offset = Int.random(in: 0...(plain.count + 10), using: &rng)
            let length = [1, 17, 4_096, 65_536, 65_537, 200_000].randomElement(using: &rng)!
            var buffer = [UInt8](repeating: 0xEE, count: length)
            let n = try buffer.withUnsafeMutableBytes { try r.read(at: Int64(offset), into: $0) }
            let expected = offset < plain.count ? Array(plain[offset..<min(plain.count, offset + length)]) : []
            XCTAssertEqual(Array(buffer.prefix(n)), expected, "\(length) at \(offset)")
            var streamed: [UInt8] = []
            try r.forEachChunk(from: Int64(offset), to: Int64(offset + length)) { streamed += $0 }
            XCTAssertEqual(streamed, expected, "\(length) at \(offset), streamed")
        }
        // Small sequential reads (the one-chunk cache) give the whole plaintext back.
        var sequential: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1_000)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try r.read(at: Int64(sequential.count), into: $0) }
            if n == 0 { break }
            sequential += buffer.prefix(n)
        }
        XCTAssertEqual(sequential, plain)
    }

    func testAgeOpensWhatTheWriterWritesAndTheReaderReadsWhatAgeWrites() throws {
        let age = try AgeTool(dir: dir)
        let (key, recipient) = try age.keygen()
        for size in [0, 1, 65_536, 65_537, 300_000] {
            let plain = Self.plaintext(size, seed: 3)
            let other = try X25519KeyPair()
            let ours = try Self.encrypt(plain, to: [other.publicKey, key.publicKey], pieces: [1_000, 70_000])
            XCTAssertEqual(try age.decrypt(ours), plain, "age -d, size \(size)")
            let theirs = try age.encrypt(plain, to: recipient)
            let r = try reader(theirs, key, name: "age-\(size).age")
            XCTAssertEqual(r.plaintextSize, Int64(size))
            XCTAssertEqual(try Self.readAll(r), plain)
            for offset in [0, size / 3, max(0, size - 70_000)] {
                var buffer = [UInt8](repeating: 0, count: 70_000)
                let n = try buffer.withUnsafeMutableBytes { try r.read(at: Int64(offset), into: $0) }
                XCTAssertEqual(Array(buffer.prefix(n)), Array(plain[offset..<min(size, offset + 70_000)]))
            }
        }
    }

    /// Padmé, computed here independently: L rounded up to a multiple of 2^(E−S).
    static func padme(_ l: Int64) -> Int64 {
        let e = Int64(floor(log2(Double(l))))
        let s = Int64(floor(log2(Double(e)))) + 1
        let step = Int64(1) << (e - s)
        return (l + step - 1) / step * step
    }

    func testPaddedFilesHaveThePadmeLengthAndAgeOpensThem() throws {
        let age = try AgeTool(dir: dir)
        let (key, _) = try age.keygen()
        for size in [0, 1, 65_535, 65_536, 65_537, 1_048_577, 5_000_003] {
            let plain = Self.plaintext(size, seed: 5)
            let file = try Self.encrypt(plain, to: [key.publicKey], pieces: [65_536, 1], padded: true)
            let unpadded = AgeFile.encryptedLength(plaintext: Int64(size), recipients: 1, padded: false) + 16
            XCTAssertEqual(Int64(file.count), Self.padme(unpadded), "size \(size)")
            XCTAssertEqual(Int64(file.count), AgeFile.paddedLength(unpadded))
            XCTAssertEqual(
                Int64(file.count), AgeFile.encryptedLength(plaintext: Int64(size), recipients: 1, padded: true))
            XCTAssertEqual(try age.decrypt(file), plain, "age -d, padded size \(size)")
            XCTAssertEqual(try Self.readAll(try reader(file, key)), plain)
            XCTAssertEqual(try AgeFile.decrypt(file, identities: [key]), plain)
        }
    }

    /// Every padding length from 0 to 2,047 extra bytes (32 lines of base64) is made exactly,
    /// including those a body alone cannot make (its text is never 1 more than a multiple of 4
    /// characters, and each full line adds a newline): from 32 KiB to 64 KiB Padmé rounds to 2 KiB.
    func testEveryPaddingLengthIsMadeExactly() throws {
        let key = try X25519KeyPair()
        let base = AgeFile.encryptedLength(plaintext: 0, recipients: 1, padded: false) + 16 - 16
        var extras = Set<Int64>()
        for size: Int64 in 33_000...35_100 {
            var file: [UInt8] = []
            let writer = try AgeWriter(recipients: [key.publicKey], expectedPlaintextSize: size) { file += $0 }
            try [UInt8](repeating: 7, count: Int(size)).withUnsafeBytes { try writer.write($0) }
            try writer.finish()
            let unpadded = base + 16 + size
            XCTAssertEqual(Int64(file.count), Self.padme(unpadded), "plaintext \(size)")
            extras.insert(Int64(file.count) - unpadded)
            if size % 97 == 0 { XCTAssertEqual(try AgeFile.decrypt(file, identities: [key]).count, Int(size)) }
        }
        XCTAssertEqual(extras.count, 2_048)
        XCTAssertEqual(extras.min(), 0)
        XCTAssertEqual(extras.max(), 2_047)
        XCTAssertEqual(AgeFile.paddedLength(1_000), 1_024)
        // Padmé's own step for 2^24 + 1 bytes (2^19), and the 1 MiB cap from 32 MiB on.
        XCTAssertEqual(AgeFile.paddedLength((1 << 24) + 1), (1 << 24) + (1 << 19))
        XCTAssertEqual(AgeFile.paddedLength((1 << 30) + 1), (1 << 30) + AgeFile.maximumPaddingStep)
        XCTAssertEqual(AgeFile.maximumPaddingStep, 1 << 20)
        XCTAssertEqual(AgeFile.paddedLength((1 << 33) + 1), (1 << 33) + AgeFile.maximumPaddingStep)
    }

    func testTheWriterRefusesMoreOrFewerBytesThanPromisedAndUseAfterFinish() throws {
        let key = try X25519KeyPair()
        let w1 = try AgeWriter(recipients: [key.publicKey], expectedPlaintextSize: 3) { _ in }
        XCTAssertThrowsError(try [UInt8](repeating: 0, count: 4).withUnsafeBytes { try w1.write($0) }) {
            XCTAssertEqual(($0 as? SanadError)?.code, .usage)
        }
        let w2 = try AgeWriter(recipients: [key.publicKey], expectedPlaintextSize: 3) { _ in }
        XCTAssertThrowsError(try w2.finish()) { XCTAssertEqual(($0 as? SanadError)?.code, .usage) }
        let w3 = try AgeWriter(recipients: [key.publicKey], expectedPlaintextSize: nil) { _ in }
        try w3.finish()
        XCTAssertThrowsError(try w3.finish()) { XCTAssertEqual(($0 as? SanadError)?.code, .internalError) }
        XCTAssertThrowsError(try AgeWriter(recipients: [], expectedPlaintextSize: nil) { _ in }) {
            XCTAssertEqual(($0 as? SanadError)?.code, .usage)
        }
        // An output that fails stops the writer: the failure comes back, and so does every later call.
        var calls = 0
        let w4 = try AgeWriter(recipients: [key.publicKey], expectedPlaintextSize: nil) { (_) throws(SanadError) in
            calls += 1
            if calls > 1 { throw SanadError(.diskFull, "full") }
        }
        let big = [UInt8](repeating: 1, count: 200_000)
        XCTAssertThrowsError(try big.withUnsafeBytes { try w4.write($0) }) {
            XCTAssertEqual(($0 as? SanadError)?.code, .diskFull)
        }
        XCTAssertThrowsError(try w4.finish()) { XCTAssertEqual(($0 as? SanadError)?.code, .internalError) }
    }
}

/// The `age` and `age-keygen` tools (Debian package `age`), with files rather than pipes.
struct AgeTool {
    let dir: URL
    let age: String
    let keygenTool: String

    init(dir: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/age"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/age-keygen")
        else { throw XCTSkip("the age tool is not installed (make test installs it)") }
        self.dir = dir
        age = "/usr/bin/age"
        keygenTool = "/usr/bin/age-keygen"
    }

    /// Runs `tool` and returns its exit status; what it said on stderr is printed when it fails.
    @discardableResult
    func run(_ tool: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        let errors = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        let handle = try FileHandle(forWritingTo: errors)
        defer { try? handle.close() }
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            print("\(tool) \(args): \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        }
        return p.terminationStatus
    }

    /// A key pair made by age-keygen, read back through its identity file, and its recipient.
    func keygen() throws -> (X25519KeyPair, String) {
        let path = dir.appendingPathComponent("key-\(UUID().uuidString).txt")
        XCTAssertEqual(try run(keygenTool, ["-o", path.path]), 0)
        let text = try String(contentsOf: path, encoding: .utf8)
        let secret = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("AGE-SECRET-KEY-1") })
        let key = try AgeFile.identity(String(secret))
        return (key, AgeFile.recipientString(key.publicKey))
    }

    /// The plaintext `age -d` gives with every identity age-keygen made here, or nil if it fails.
    func decrypt(_ file: [UInt8]) throws -> [UInt8]? {
        let input = dir.appendingPathComponent("in-\(UUID().uuidString)")
        let output = dir.appendingPathComponent("out-\(UUID().uuidString)")
        try Data(file).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let keys = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("key-") }
        let args = keys.flatMap { ["-i", dir.appendingPathComponent($0).path] }
        guard try run(age, ["-d"] + args + ["-o", output.path, input.path]) == 0 else { return nil }
        defer { try? FileManager.default.removeItem(at: output) }
        // age creates its output on the first byte it writes: none for an empty plaintext.
        return FileManager.default.fileExists(atPath: output.path) ? [UInt8](try Data(contentsOf: output)) : []
    }

    func encrypt(_ plain: [UInt8], to recipient: String) throws -> [UInt8] {
        let input = dir.appendingPathComponent("in-\(UUID().uuidString)")
        let output = dir.appendingPathComponent("out-\(UUID().uuidString)")
        try Data(plain).write(to: input)
        XCTAssertEqual(try run(age, ["-r", recipient, "-o", output.path, input.path]), 0)
        return [UInt8](try Data(contentsOf: output))
    }
}
