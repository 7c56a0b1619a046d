import Foundation
import SanadFuzz
import SanadModel

/// The input a worker is on and the step it is at, written before every parse to
/// `DIR/current-PID.bin` and `.json`: when a parser crashes the worker, the supervisor finds
/// there which input and which parser did it (docs/FUZZING.md §4). Two files kept open and
/// rewritten in place, so that the cost is two `pwrite`s per parse, not a file creation.
final class CurrentInput {
    let inputPath: String
    let notePath: String
    private let inputFD: Int32
    private let noteFD: Int32
    private var note: [String: JSONValue] = [:]

    static func paths(directory: String, pid: Int32) -> (input: String, note: String) {
        let base = URL(fileURLWithPath: directory).appendingPathComponent("current-\(pid)").path
        return (base + ".bin", base + ".json")
    }

    init(directory: String) throws(SanadError) {
        (inputPath, notePath) = Self.paths(directory: directory, pid: getpid())
        inputFD = open(inputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        noteFD = open(notePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard inputFD >= 0, noteFD >= 0 else { throw SystemError.make(errno, "open \(inputPath)") }
    }

    deinit {
        close(inputFD)
        close(noteFD)
    }

    func record(_ input: FuzzCase, phase: String, index: Int, seed: UInt64) {
        Self.rewrite(inputFD, input.bytes)
        note = [
            "phase": .string(phase), "index": .int(Int64(index)), "seed": .string(String(seed)), "case": input.json,
        ]
        step("generated")
    }

    func step(_ label: String) {
        note["step"] = .string(label)
        Self.rewrite(noteFD, CanonicalJSON.encode(.object(note)))
    }

    private static func rewrite(_ fd: Int32, _ bytes: [UInt8]) {
        _ = ftruncate(fd, 0)
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(done))
                if n <= 0 { break }
                done += n
            }
        }
    }
}
