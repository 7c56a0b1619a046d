import Foundation
import SanadModel
import SanadWorkspace
import SanadIO

/// Writes key material next to each other, atomically, never over an existing file.
enum KeyFiles {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SanadError(
                .usage, "\(path) already exists", hint: "Choose another --out prefix; Sanad never overwrites a key.")
        }
        let dir = PathText.folder(path)
        try AtomicFile.write(bytes, to: path, mode: mode, tmpDir: dir.isEmpty ? "." : dir)
    }
}
