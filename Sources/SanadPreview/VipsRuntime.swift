import Foundation
import CSanadVips
import CSanadVipsShims
import SanadModel

/// libvips, started once per process with the settings previews rely on (no operation cache,
/// one worker thread, untrusted loaders blocked: `csanad_vips_start`), and its error buffer
/// turned into typed errors.
enum VipsRuntime {
    private static let started: Bool = csanad_vips_start() == 0

    /// Starts libvips on first use; a failure is the environment's, not the image's.
    static func start() throws(SanadError) {
        guard started else {
            throw SanadError(
                .internalError, "libvips could not start: \(drainErrors())",
                hint: "Check that libvips is installed (scripts/install-deps.sh).")
        }
    }

    /// The libvips this process runs, e.g. `8.14.1`: recorded with every preview, since the
    /// pixels depend on it.
    static var version: String { "\(vips_version(0)).\(vips_version(1)).\(vips_version(2))" }

    /// What libvips queued about the last failure, one line, and the queue emptied.
    static func drainErrors() -> String {
        let text = vips_error_buffer().map { String(cString: $0) } ?? ""
        vips_error_clear()
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
