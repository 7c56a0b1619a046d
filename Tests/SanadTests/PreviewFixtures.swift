import Foundation
import XCTest

/// Images made at test time: a colour gradient written as PPM, converted by the `vips` command
/// (Debian libvips-tools, installed by scripts/install-deps.sh). No image file is committed.
enum PreviewFixtures {
    /// A `width` × `height` colour picture encoded as `ext` (`jpg`, `png`, `heic`, `webp`, …);
    /// `options` are vips's save options, e.g. `[bitdepth=16]`.
    static func image(_ dir: TempDir, _ name: String, width: Int, height: Int, options: String = "") throws -> [UInt8] {
        var ppm = Array("P6\n\(width) \(height)\n255\n".utf8)
        for y in 0..<height {
            for x in 0..<width {
                ppm += [UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), UInt8((x ^ y) & 0xFF)]
            }
        }
        let source = dir.write("\(name).ppm", ppm)
        let out = "\(dir.path)/\(name)"
        try vips(["copy", source, out + options])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    /// Runs the `vips` command; a failure is the test machine's, reported as such.
    static func vips(_ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/vips")
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("vips \(args.joined(separator: " ")) failed") }
    }

    /// A PNG that declares `width` × `height` pixels of 8-bit grey and holds a few bytes: a
    /// decompression bomb's header, with valid CRCs so that libpng reads it.
    static func pngBomb(width: Int, height: Int) -> [UInt8] {
        var ihdr = be32(width) + be32(height)
        ihdr += [8, 0, 0, 0, 0]
        // An empty zlib stream: the header is all a refusal may read.
        let idat: [UInt8] = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", idat)
            + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    private static func be32(_ v: Int) -> [UInt8] {
        [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}
