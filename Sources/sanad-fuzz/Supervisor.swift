import Dispatch
import Foundation
import SanadFuzz
import SanadModel
import SanadTimeline

/// The process the user starts: gives each parser an equal share of `--seconds` (its *phase*),
/// runs the phase as a series of worker processes, and when one dies turns the input it left in
/// `current-PID.bin` into a saved crash, then goes on with the next input (docs/FUZZING.md §4).
struct Supervisor {
    let arguments: FuzzArguments
    let seed: UInt64
    let phases: [String]

    func run() throws(SanadError) -> FuzzSummary {
        var summary = FuzzSummary(seed: seed, seconds: arguments.seconds, corpus: arguments.corpus)
        let start = DispatchTime.now().uptimeNanoseconds
        let share = arguments.seconds / Double(max(1, phases.count))
        for (k, phase) in phases.enumerated() {
            let phaseEnd = start + UInt64(share * Double(k + 1) * 1e9)
            var next = 0
            while DispatchTime.now().uptimeNanoseconds < phaseEnd {
                let remaining = Double(phaseEnd - DispatchTime.now().uptimeNanoseconds) / 1e9
                let batch = try runWorker(phase: phase, start: next, seconds: remaining)
                summary.add(batch.report)
                guard batch.next > next else { break }  // no progress: do not spin
                next = batch.next
            }
            summary.inputsPerPhase[phase] = next
        }
        return summary
    }

    struct Batch {
        var report: JSONValue
        var next: Int
    }

    private func runWorker(phase: String, start: Int, seconds: Double) throws(SanadError) -> Batch {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments.workerArguments(phase: phase, start: start, seconds: seconds, seed: seed)
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw SanadError(.ioError, "cannot start a worker: \(error)") }
        let pid = process.processIdentifier
        // The worker stops itself on a hang; this is for a worker stuck outside the checks.
        let killer = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds + 4 * arguments.hangSeconds + 30, execute: killer)
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let (inputPath, notePath) = CurrentInput.paths(directory: arguments.out, pid: pid)
        defer {
            try? FileManager.default.removeItem(atPath: inputPath)
            try? FileManager.default.removeItem(atPath: notePath)
        }
        let lastLine = output.split(separator: 0x0A).last.map { Array($0) } ?? []
        let report = (try? JSONParser.parse(lastLine, maxDepth: 16)) ?? .object([:])
        let status = process.terminationStatus
        if process.terminationReason == .exit, status == 0 || status == Worker.hangExitCode,
            let next = report["next"]?.intValue
        {
            return Batch(report: report, next: Int(next))
        }
        guard process.terminationReason == .uncaughtSignal else {
            let command = arguments.workerArguments(phase: phase, start: start, seconds: seconds, seed: seed)
            throw SanadError(
                .internalError, "a worker exited with status \(status)",
                hint: "Run `sanad-fuzz \(command.joined(separator: " "))` to see why.")
        }
        return crash(signal: status, phase: phase, start: start, input: inputPath, note: notePath)
    }

    /// A worker killed by a signal: the parse named in its note crashed on the input beside it.
    private func crash(signal: Int32, phase: String, start: Int, input: String, note: String) -> Batch {
        let noteJSON = (try? Data(contentsOf: URL(fileURLWithPath: note))).flatMap { try? JSONParser.parse(Array($0)) }
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: input))).map { Array($0) } ?? []
        let index = noteJSON?["index"]?.intValue.map { Int($0) } ?? start
        let step = noteJSON?["step"]?.stringValue ?? "unknown"
        let parser = step.split(separator: " ").first.map(String.init) ?? "unknown"
        let what =
            signal == SIGKILL
            ? "killed after running too long" : "died of signal \(signal) (\(Self.signalName(signal)))"
        var finding = Finding(
            kind: signal == SIGKILL ? .hang : .crash, parser: parser, phase: phase, index: index, seed: seed,
            step: step, details: ["the worker \(what) during \(step) on \(bytes.count) bytes"])
        finding.save(bytes, caseJSON: noteJSON?["case"] ?? .null, in: arguments.out)
        return Batch(report: .object(["findings": .array([finding.json])]), next: index + 1)
    }

    static func signalName(_ signal: Int32) -> String {
        [
            SIGILL: "SIGILL, a Swift trap", SIGTRAP: "SIGTRAP, a Swift trap", SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS",
            SIGABRT: "SIGABRT", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL",
        ][signal] ?? "signal"
    }

    /// This executable, re-run as the worker.
    static var executable: URL {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        #endif
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
