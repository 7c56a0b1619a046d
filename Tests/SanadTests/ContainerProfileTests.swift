import Foundation
import SanadArchive
import SanadModel
import XCTest
import SanadFormat

/// The container profile (docs/FORMAT.md §8): everything Sanad's writer (libarchive) makes is
/// accepted, byte for byte; anything else is refused, for the right rule.
final class ContainerProfileTests: XCTestCase {
    struct File {
        var name: String
        var bytes: [UInt8]
        var mtime: Int64
    }

    /// Writes `files` with Sanad's writer, in order.
    static func write(_ files: [File], format: ArchiveWriter.Format, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let writer = try ArchiveWriter(fd: fd, format: format, mtime: 1_772_618_400)
        for f in files { try writer.addFile(path: f.name, bytes: f.bytes, mtime: f.mtime) }
        _ = try writer.finish()
    }

    /// Keeps each entry's bytes up to `limit` (the tests compare small entries; a 4 GiB one kept
    /// whole made this process peak at 16 GiB) and how many bytes each had.
    final class Collector: ContainerEntrySink {
        static let limit = 16 << 20
        var data: [String: [UInt8]] = [:]
        var sizes: [String: Int] = [:]
        var current = ""
        func begin(_ entry: ContainerEntry) { current = entry.path; data[entry.path] = []; sizes[entry.path] = 0 }
        func data(_ bytes: UnsafeRawBufferPointer) {
            sizes[current]! += bytes.count
            let room = Self.limit - data[current]!.count
            if room > 0 { data[current]! += bytes.prefix(room) }
        }
        func end() {}
    }

    static func scan(_ path: String) throws -> (ContainerScan, Collector) {
        let sink = Collector()
        return (try ContainerScanner.scan(path: path, sink: sink), sink)
    }

    /// Names of every shape a case can produce: short and long, splittable for ustar or not,
    /// ASCII or Arabic, with many folders or few.
    static func randomName(_ rng: inout SplitMix) -> String {
        let top = ["VEC-1", "قضية-٢٠٢٦", String(repeating: "C", count: 64), String(repeating: "ق", count: 64), "a"][
            Int(rng.next() % 5)]
        var parts = [top]
        let depth = Int(rng.next() % 6)
        for _ in 0..<depth {
            let length = 1 + Int(rng.next() % 40)
            let alphabet: [Character] =
                rng.next() % 3 == 0
                ? Array("بتثجحخدذرزسشصضطظعغفقكلمنهوي") : Array("abcdefghijklmnopqrstuvwxyz0123456789-_")
            parts.append(String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        }
        parts.append("original.\(["txt", "jpg", "json"][Int(rng.next() % 3)])")
        return parts.joined(separator: "/")
    }

    func testEveryArchiveTheWriterMakesIsInTheProfile() throws {
        let dir = TempDir()
        var rng = SplitMix(seed: 10)
        for round in 0..<40 {
            var files: [File] = []
            var names = Set<String>()
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let name = Self.randomName(&rng)
                guard names.insert(name).inserted else { continue }
                let size = [0, 1, 511, 512, 513, 1024, Int(rng.next() % 70_000)][Int(rng.next() % 7)]
                let mtime =
                    ZipLayout.earliestTime + Int64(rng.next() % UInt64(ZipLayout.latestTime - ZipLayout.earliestTime))
                files.append(File(name: name, bytes: testBytes(size, seed: rng.next()), mtime: mtime))
            }
            for format in [ArchiveWriter.Format.zip, .tar] {
                let path = "\(dir.path)/r\(round).\(format.rawValue)"
                try Self.write(files, format: format, to: path)
                let (scan, sink) = try Self.scan(path)
                XCTAssertNil(
                    scan.violation, "round \(round) \(format): \(scan.violation.map(String.init(describing:)) ?? "")")
                XCTAssertEqual(scan.format?.rawValue, format.rawValue)
                XCTAssertEqual(scan.entries.map(\.path), files.map(\.name))
                XCTAssertEqual(scan.entries.map(\.size), files.map { Int64($0.bytes.count) })
                XCTAssertEqual(scan.entries.map(\.mtime), files.map(\.mtime))
                for f in files { XCTAssertEqual(sink.data[f.name], f.bytes, f.name) }
                XCTAssertEqual(scan.sha256, sha256Hex(ofFile: path))
                let disagreements = ContainerCrossCheck.run(path: path, format: scan.format!, entries: scan.entries) {
                    i in files[i].bytes
                }
                XCTAssertEqual(disagreements, [], "round \(round) \(format)")
                // Offsets point at the data: reading an entry back gives its bytes.
                for (i, e) in scan.entries.enumerated() {
                    var back: [UInt8] = []
                    try e.forEachChunk(in: path) { back += $0 }
                    XCTAssertEqual(back, files[i].bytes)
                }
            }
        }
    }

    /// A small sealed-like archive with a 2-byte-sized, an empty and a larger entry.
    func sample(_ format: ArchiveWriter.Format, in dir: TempDir) throws -> (String, [UInt8]) {
        let path = "\(dir.path)/sample.\(format.rawValue)"
        try Self.write(
            [
                File(name: "C/bagit.txt", bytes: Array("hi".utf8), mtime: 1_772_618_400),
                File(name: "C/empty", bytes: [], mtime: 1_772_618_401),
                File(name: "C/data/E0001/original.bin", bytes: testBytes(700, seed: 3), mtime: 1_772_618_400),
            ],
            format: format, to: path)
        return (path, [UInt8](FileManager.default.contents(atPath: path)!))
    }

    /// Every single-byte change in a zip is refused: headers are rebuilt and compared, data is
    /// checked against its CRC-32.
    func testEveryByteOfAZipIsAccountedFor() throws {
        let dir = TempDir()
        let (path, bytes) = try sample(.zip, in: dir)
        var accepted: [Int] = []
        for i in 0..<bytes.count {
            var changed = bytes
            changed[i] ^= 0x01
            let p = dir.write("flip.zip", changed)
            if try Self.scan(p).0.violation == nil { accepted.append(i) }
        }
        XCTAssertEqual(accepted, [], "byte flips the profile accepted in \(path)")
    }

    /// In a tar every header and padding byte is checked; a flip in data changes only the
    /// content, which the bag's digests judge.
    func testEveryHeaderByteOfATarIsAccountedFor() throws {
        let dir = TempDir()
        let (_, bytes) = try sample(.tar, in: dir)
        let (scan, _) = try Self.scan("\(dir.path)/sample.tar")
        let data = scan.entries.flatMap { Int($0.dataOffset)..<Int($0.dataOffset + $0.size) }
        var accepted: [Int] = []
        for i in 0..<bytes.count where !data.contains(i) {
            var changed = bytes
            changed[i] ^= 0x01
            let p = dir.write("flip.tar", changed)
            if try Self.scan(p).0.violation == nil { accepted.append(i) }
        }
        XCTAssertEqual(accepted, [])
        var content = bytes
        content[data[0]] ^= 0x01
        XCTAssertNil(try Self.scan(dir.write("content.tar", content)).0.violation)
    }

    func testTruncationAnywhereIsRefused() throws {
        let dir = TempDir()
        for format in [ArchiveWriter.Format.zip, .tar] {
            let (_, bytes) = try sample(format, in: dir)
            for cut in stride(from: 0, to: bytes.count, by: 7) {
                let scan = try Self.scan(dir.write("cut", Array(bytes.prefix(cut)))).0
                XCTAssertNotNil(scan.violation, "\(format) cut at \(cut)")
                XCTAssertTrue(scan.entries.count <= 3)
            }
            let longer = try Self.scan(dir.write("long", bytes + [0])).0
            XCTAssertEqual(longer.violation?.rule, format == .zip ? .trailingData : .trailingData)
        }
    }

    func testForeignFilesAreNamedNotBid() throws {
        let dir = TempDir()
        let cases: [([UInt8], String)] = [
            ([], "empty"), ([0x1F, 0x8B, 8, 0] + [UInt8](repeating: 0, count: 600), "gzip"),
            ([0x4C, 0x52, 0x5A, 0x49] + [UInt8](repeating: 0, count: 600), "lrzip"),
            ([0x89, 0x4C, 0x5A, 0x4F] + [UInt8](repeating: 0, count: 600), "lzop"),
            ([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18), "empty zip"),
            (Array("hello".utf8), "does not start"),
        ]
        for (bytes, words) in cases {
            let scan = try Self.scan(dir.write("f", bytes)).0
            XCTAssertEqual(scan.violation?.rule, .format, words)
            XCTAssertTrue(scan.violation?.detail.contains(words) == true, scan.violation?.detail ?? "")
        }
    }

    /// A pipe is read as a stream, with the same verdict and digest as the file.
    func testAPipeIsReadAsAStream() throws {
        let dir = TempDir()
        for format in [ArchiveWriter.Format.zip, .tar] {
            let (path, bytes) = try sample(format, in: dir)
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let writer = Thread {
                bytes.withUnsafeBytes { raw in _ = Glibc.write(fds[1], raw.baseAddress, raw.count) }
                close(fds[1])
            }
            writer.start()
            let (scan, _) = try Self.scan("/dev/fd/\(fds[0])")
            close(fds[0])
            XCTAssertNil(scan.violation)
            XCTAssertFalse(scan.isRegularFile)
            XCTAssertEqual(scan.sha256, sha256Hex(ofFile: path))
            XCTAssertEqual(scan.entries.count, 3)
        }
    }

    /// Zip64 (an entry over 4 GiB − 1, and headers past that offset) and a pax `size` record
    /// (an entry of 8 GiB or more) come out of libarchive in the profile too. Written into a pipe
    /// and read from it at once, so nothing of that size touches the disk.
    func testLargeEntriesAreInTheProfile() throws {
        for (format, size) in [(ArchiveWriter.Format.zip, Int64(1) << 32), (.tar, Int64(1) << 33)] {
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let failure = NSLock()
            var writeError: Error?
            let writer = Thread {
                do {
                    let w = try ArchiveWriter(fd: fds[1], format: format, mtime: 1_772_618_400)
                    try w.addFile(path: "C/bagit.txt", bytes: Array("hi".utf8))
                    try w.beginFile(path: "C/data/E0001/original.mp4", size: size)
                    let zeros = [UInt8](repeating: 0, count: 1 << 20)
                    try zeros.withUnsafeBytes { raw in
                        for _ in 0..<(size >> 20) { try w.writeData(raw) }
                    }
                    try w.addFile(path: "C/data/E0002/original.txt", bytes: Array("after".utf8))
                    _ = try w.finish()
                } catch {
                    failure.withLock { writeError = error }
                }
                close(fds[1])
            }
            writer.start()
            let (scan, sink) = try Self.scan("/dev/fd/\(fds[0])")
            close(fds[0])
            XCTAssertNil(failure.withLock { writeError })
            XCTAssertNil(scan.violation, "\(format): \(scan.violation.map(String.init(describing:)) ?? "")")
            XCTAssertEqual(scan.entries.map(\.size), [2, size, 5])
            XCTAssertEqual(sink.sizes["C/data/E0001/original.mp4"], Int(size), "every byte of the large entry was read")
            XCTAssertEqual(sink.data["C/data/E0002/original.txt"], Array("after".utf8))
            XCTAssertGreaterThan(scan.entries[2].dataOffset, Int64(UInt32.max))
        }
    }

    /// A zip shorter than one tar block is parsed only once the file has ended; its CRC-32s are
    /// still checked (regression: they were compared with nothing computed).
    func testAZipShorterThan512BytesIsReadAndCRCChecked() throws {
        let dir = TempDir()
        let path = "\(dir.path)/tiny.zip"
        try Self.write([File(name: "C/a", bytes: Array("abc".utf8), mtime: 1_772_618_400)], format: .zip, to: path)
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        XCTAssertLessThan(bytes.count, 512)
        XCTAssertNil(try Self.scan(path).0.violation)
        // A data byte: "abc" follows the 30-byte header, the 3-byte name and 24 bytes of extra fields.
        bytes[57] ^= 0x01
        XCTAssertEqual(try Self.scan(dir.write("bad.zip", bytes)).0.violation?.rule, .zipCRC)
    }

    /// The writer never makes what the profile refuses: a time a zip or ustar header cannot hold
    /// is an error before anything is written.
    func testTheWriterRefusesTimesOutsideTheProfile() throws {
        let dir = TempDir()
        for time in [Int64(0), ZipLayout.earliestTime - 1, ZipLayout.latestTime + 1] {
            let fd = open("\(dir.path)/t.zip", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { close(fd) }
            let writer = try ArchiveWriter(fd: fd, format: .zip, mtime: time)
            XCTAssertThrowsError(try writer.addFile(path: "C/a", bytes: [1])) { error in
                XCTAssertEqual((error as? SanadError)?.code, .usage)
            }
        }
    }

    func testDOSTimesAndAmbiguousValues() {
        XCTAssertEqual(ZipLayout.dosTime(1_772_618_400), 0x5C64_5000)  // 2026-03-04 10:00:00
        XCTAssertEqual(ZipLayout.dosTime(1_772_618_401), 0x5C64_5000)  // two-second resolution
        XCTAssertEqual(ZipLayout.dosTime(0), 0x0021_0000)
        XCTAssertEqual(ZipLayout.dosTime(-86_401), 0x0021_0000)
        XCTAssertEqual(ZipLayout.dosTime(4_354_819_200), 0xFF9F_BF7D)  // 2108-01-01
        // The arithmetic calendar agrees with libc's gmtime_r on every day from 1970 to 2110,
        // at a time that changes from day to day, and around the DOS range's ends.
        func reference(_ t: Int64) -> UInt32 {
            var time = time_t(t)
            var tm = tm()
            gmtime_r(&time, &tm)
            if tm.tm_year < 80 { return 0x0021_0000 }
            if tm.tm_year > 207 { return 0xFF9F_BF7D }
            let date = UInt32(tm.tm_year - 80) << 9 | UInt32(tm.tm_mon + 1) << 5 | UInt32(tm.tm_mday)
            return date << 16 | UInt32(tm.tm_hour) << 11 | UInt32(tm.tm_min) << 5 | UInt32(tm.tm_sec) >> 1
        }
        for day in Int64(0)..<51_500 {
            let t = day * 86_400 + (day * 7_919) % 86_400
            XCTAssertEqual(ZipLayout.dosTime(t), reference(t), "\(t)")
        }
        for t: Int64 in [
            315_532_799, 315_532_800, 4_354_819_199, 4_354_819_200, 951_782_400, 951_868_799, 4_107_542_400,
        ] {
            XCTAssertEqual(ZipLayout.dosTime(t), reference(t), "\(t)")
        }
        XCTAssertNotNil(ZipLayout.ambiguousValue(size: 0xFFFF_FFFF))
        XCTAssertNotNil(ZipLayout.ambiguousValue(offset: 0xFFFF_FFFF))
        XCTAssertNotNil(ZipLayout.ambiguousValue(entries: 0xFFFF))
        XCTAssertNil(ZipLayout.ambiguousValue(size: 0xFFFF_FFFE, offset: 0x1_0000_0000, entries: 0x1_0000))
    }
}
