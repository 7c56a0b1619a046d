import Foundation
import XCTest

@testable import SanadArchive

/// The executable's `crc32` (Sources/CSanadArchiveShims/crc32.c) stands in for zlib's, so that
/// libarchive computes a sealed zip's CRC-32s with libdeflate. It must give exactly zlib's
/// answers, chained or not, and a NULL buffer's 0; and it must be the one the dynamic linker
/// binds (else the seal silently runs at zlib's speed).
final class CRC32InterposeTests: XCTestCase {
    typealias CRC = @convention(c) (UInt, UnsafePointer<UInt8>?, UInt32) -> UInt

    func function(_ handle: UnsafeMutableRawPointer?) throws -> (CRC, UnsafeMutableRawPointer) {
        let symbol = try XCTUnwrap(dlsym(handle, "crc32"), "crc32 is not found")
        return (unsafeBitCast(symbol, to: CRC.self), symbol)
    }

    func testTheInterposedCRC32IsZlibsAnswerAndTheOneBound() throws {
        let zlibHandle = try XCTUnwrap(dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD) ?? dlopen("libz.so.1", RTLD_NOW))
        defer { dlclose(zlibHandle) }
        let (zlib, zlibAddress) = try function(zlibHandle)
        let (global, globalAddress) = try function(nil)  // RTLD_DEFAULT: what libarchive's reference binds to
        XCTAssertNotEqual(globalAddress, zlibAddress, "the process binds crc32 to Sanad's, not libz's")
        XCTAssertEqual(global(0, nil, 0), 0)
        XCTAssertEqual(global(0x1234_5678, nil, 0), zlib(0x1234_5678, nil, 0))
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 3, 15, 16, 63, 64, 65, 1_000, 65_536, 1 << 20] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes.withUnsafeBufferPointer { b in
                let whole = zlib(0, b.baseAddress, UInt32(size))
                XCTAssertEqual(global(0, b.baseAddress, UInt32(size)), whole, "size \(size)")
                let half = size / 2
                let first = global(0, b.baseAddress, UInt32(half))
                XCTAssertEqual(
                    global(first, b.baseAddress! + half, UInt32(size - half)), whole, "chained, size \(size)")
                var crc = CRC32()
                crc.update(UnsafeRawBufferPointer(b))
                XCTAssertEqual(UInt(crc.value), whole, "libdeflate directly, size \(size)")
            }
        }
        XCTAssertEqual(Array("123456789".utf8).withUnsafeBufferPointer { global(0, $0.baseAddress, 9) }, 0xCBF4_3926)
    }
}
