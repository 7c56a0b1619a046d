import CSanadVipsShims
import SanadModel
import XCTest

@testable import SanadPreview

/// libvips is loaded when the first preview is rendered; a machine without it, or with one too
/// old, gets a typed error naming the package to install, not a crash. The end-to-end case (a
/// hidden libvips.so.42) is Tests/interop/test_libvips_on_demand.py.
final class VipsRuntimeTests: XCTestCase {
    func testAMissingOrTooOldLibvipsIsLibraryUnavailableNamingThePackage() throws {
        let missing = try XCTUnwrap(
            VipsRuntime.startError(CSANAD_VIPS_NOT_INSTALLED, reason: "libvips.so.42: cannot open shared object file"))
        let old = try XCTUnwrap(
            VipsRuntime.startError(CSANAD_VIPS_UNSUPPORTED, reason: "it is libvips 8.10.0 (ABI 42)"))
        for error in [missing, old] {
            XCTAssertEqual(error.code, .libraryUnavailable)
            XCTAssertTrue(error.message.contains("libvips42"), error.message)
            XCTAssertTrue(error.hint?.contains("apt-get install libvips42") ?? false, error.hint ?? "no hint")
        }
        XCTAssertTrue(missing.message.hasSuffix("libvips.so.42: cannot open shared object file"), missing.message)
        XCTAssertTrue(old.message.contains("8.13 or later"), old.message)
    }

    func testTheInstalledLibvipsStartsAndSaysItsVersion() throws {
        XCTAssertNil(VipsRuntime.startError(CSANAD_VIPS_STARTED, reason: ""))
        XCTAssertEqual(csanad_vips_start(), CSANAD_VIPS_STARTED, String(cString: csanad_vips_load_error()))
        XCTAssertEqual(String(cString: csanad_vips_load_error()), "")
        let version = PreviewRenderer.libvipsVersion.split(separator: ".").compactMap { Int($0) }
        XCTAssertEqual(version.count, 3)
        XCTAssertEqual(version.first, 8)
        XCTAssertGreaterThanOrEqual(version.dropFirst().first ?? 0, Int(CSANAD_VIPS_MINIMUM_MINOR))
    }
}
