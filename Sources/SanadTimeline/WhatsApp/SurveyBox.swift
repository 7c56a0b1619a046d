import Foundation
import SanadModel

/// The two halves of a split survey, filled in by two threads.
final class SurveyBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var parts: [WhatsAppSurveyPart]
    private(set) var failures: [SanadError?] = [nil, nil]
    private(set) var sha256 = ""
    private(set) var hashed: Int64 = 0
    /// SHA-256 of each part's own bytes, when the split is one the event pass can use too.
    private(set) var partSHA256: [String?] = [nil, nil]

    init(parts: [WhatsAppSurveyPart]) {
        self.parts = parts
    }

    func set(_ part: WhatsAppSurveyPart, at k: Int) {
        lock.lock(); defer { lock.unlock() }
        parts[k] = part
    }

    func fail(_ error: SanadError, at k: Int) {
        lock.lock(); defer { lock.unlock() }
        failures[k] = error
    }

    func set(partSHA256 digest: String, at k: Int) {
        lock.lock(); defer { lock.unlock() }
        partSHA256[k] = digest
    }

    func set(sha256: String, size: Int64) {
        lock.lock(); defer { lock.unlock() }
        self.sha256 = sha256
        hashed = size
    }
}
