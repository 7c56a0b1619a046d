import CSanadVipsHeaders
import CSanadVipsShims
import XCTest

/// CSanadVipsShims loads libvips with dlopen and is compiled without its headers, so the enum
/// values it passes in libvips's variadic argument lists are written out by hand. A wrong one
/// would not fail to compile: libvips would read it as another option (another access mode,
/// another colour space) and previews would silently change. Each is compared here with
/// <vips/vips.h> and GLib's headers.
final class VipsConstantsTests: XCTestCase {
    func testTheShimsEnumValuesAreLibvipssOwn() {
        let pairs: [(String, Int, Int)] = [
            ("VIPS_ACCESS_SEQUENTIAL", CSANAD_VIPS_ACCESS_SEQUENTIAL, Int(VIPS_ACCESS_SEQUENTIAL.rawValue)),
            ("VIPS_FAIL_ON_ERROR", CSANAD_VIPS_FAIL_ON_ERROR, Int(VIPS_FAIL_ON_ERROR.rawValue)),
            ("VIPS_INTERPRETATION_B_W", CSANAD_VIPS_INTERPRETATION_B_W, Int(VIPS_INTERPRETATION_B_W.rawValue)),
            ("VIPS_SIZE_DOWN", CSANAD_VIPS_SIZE_DOWN, Int(VIPS_SIZE_DOWN.rawValue)),
            ("VIPS_PRECISION_INTEGER", CSANAD_VIPS_PRECISION_INTEGER, Int(VIPS_PRECISION_INTEGER.rawValue)),
            ("VIPS_FORMAT_UCHAR", CSANAD_VIPS_FORMAT_UCHAR, Int(VIPS_FORMAT_UCHAR.rawValue)),
            (
                "VIPS_FOREIGN_PNG_FILTER_NONE", CSANAD_VIPS_FOREIGN_PNG_FILTER_NONE,
                Int(VIPS_FOREIGN_PNG_FILTER_NONE.rawValue)
            ),
            ("G_LOG_LEVEL_WARNING", CSANAD_G_LOG_LEVEL_WARNING, Int(G_LOG_LEVEL_WARNING.rawValue)),
            ("G_LOG_LEVEL_MESSAGE", CSANAD_G_LOG_LEVEL_MESSAGE, Int(G_LOG_LEVEL_MESSAGE.rawValue)),
            ("G_LOG_LEVEL_INFO", CSANAD_G_LOG_LEVEL_INFO, Int(G_LOG_LEVEL_INFO.rawValue)),
            ("TRUE", CSANAD_G_TRUE, Int(csanad_vips_headers_true())),
            ("FALSE", CSANAD_G_FALSE, Int(csanad_vips_headers_false())),
        ]
        for (name, shim, header) in pairs {
            XCTAssertEqual(shim, header, "CSanadVipsShims.h's value of \(name) is not libvips's")
        }
    }

    /// The check that stands in for VIPS_INIT's: the ABI it accepts is the headers', and the
    /// headers the tests compile against are not older than the oldest libvips the shims accept.
    func testTheVersionCheckMatchesTheHeaders() {
        XCTAssertEqual(Int(CSANAD_VIPS_ABI), Int(csanad_vips_headers_abi()))
        XCTAssertEqual(VIPS_MAJOR_VERSION, 8)
        XCTAssertGreaterThanOrEqual(Int(VIPS_MINOR_VERSION), Int(CSANAD_VIPS_MINIMUM_MINOR))
    }
}
