import CSanadVipsShims
import Foundation
import SanadModel

/// libvips, loaded and started once per process when the first preview is rendered, with the
/// settings previews rely on (no operation cache, one worker thread, untrusted loaders blocked:
/// `csanad_vips_start`), and its error buffer turned into typed errors. Loaded on demand, not
/// linked, so that every other command runs without libvips and the ~60 libraries it brings.
enum VipsRuntime {
    private static let status: CSanadVipsStatus = csanad_vips_start()

    /// Starts libvips on first use; a failure is the environment's, not the image's.
    static func start() throws(SanadError) {
        if let error = startError(status, reason: String(cString: csanad_vips_load_error())) { throw error }
    }

    /// The error a start status stands for, or nil once libvips runs. `reason` is why libvips
    /// could not be loaded or used (dlerror's words, or the version found).
    static func startError(_ status: CSanadVipsStatus, reason: String) -> SanadError? {
        let needs = "previews need libvips 8.\(CSANAD_VIPS_MINIMUM_MINOR) or later (the Debian package libvips42)"
        switch status {
        case CSANAD_VIPS_STARTED:
            return nil
        case CSANAD_VIPS_NOT_INSTALLED:
            return SanadError(
                .libraryUnavailable, "\(needs), and it could not be loaded: \(reason)",
                hint: "Install it (sudo apt-get install libvips42); every other command works without it.")
        case CSANAD_VIPS_UNSUPPORTED:
            return SanadError(
                .libraryUnavailable, "\(needs), and the one installed cannot be used: \(reason)",
                hint:
                    "Install a newer libvips42 (sudo apt-get install libvips42); every other command works without it.")
        default:  // CSANAD_VIPS_INIT_FAILED: loaded, the right version, and vips_init failed.
            return SanadError(
                .internalError, "libvips could not start: \(drainErrors())",
                hint: "Check that libvips is installed whole (sudo apt-get install --reinstall libvips42).")
        }
    }

    /// The libvips this process runs, e.g. `8.14.1`: recorded with every preview, since the
    /// pixels depend on it.
    static var version: String { (0...2).map { String(csanad_vips_version(Int32($0))) }.joined(separator: ".") }

    /// What libvips queued about the last failure, one line, and the queue emptied.
    static func drainErrors() -> String {
        let text = csanad_vips_error_text().map { String(cString: $0) } ?? ""
        csanad_vips_error_clear()
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.isEmpty ? "no reason given" : lines.joined(separator: "; ")
    }

    /// A failed libvips call as a typed error: a damaged or truncated image is `imageUndecodable`.
    static func failure(_ what: String, label: String) -> SanadError {
        SanadError(
            .imageUndecodable, "\(label) cannot be decoded (\(what)): \(drainErrors())",
            hint: "The file is damaged, truncated, or not the image its type says; no preview was made.")
    }
}
