import Foundation
import SanadModel

/// The command line of `sanad-fuzz` (docs/FUZZING.md §3). Parsed by hand: the fuzzer depends on
/// the timeline library alone, not on the CLI's argument parser.
struct FuzzArguments {
    static let usage = """
        usage: sanad-fuzz [--seconds N] [--seed S] [--corpus DIR] [--out DIR] [--parser NAME] \
        [--hang-seconds N] [--json]
               sanad-fuzz --replay FILE [--parser NAME] [--json]

          --seconds N       total time, split evenly across the parsers (default 60)
          --seed S          makes the run reproducible (default: from the clock, printed)
          --corpus DIR      seed files, grouped by the parser that recognises each (default Tests/Fixtures)
          --out DIR         where a failing input is saved with its seed and parser (default .build/fuzz)
          --parser NAME     fuzz (or replay with) this parser only
          --hang-seconds N  a parse of under 1 MiB taking longer is a hang (default 5; scaled per MiB)
          --json            print the summary as JSON
          --replay FILE     run every check on one saved input (its FILE.json gives the context)
        """

    var seconds = 60.0
    var seed: UInt64?
    var corpus = "Tests/Fixtures"
    var out = ".build/fuzz"
    var parser: String?
    var hangSeconds = 5.0
    var json = false
    /// `-h` or `--help`: print the usage and do nothing else.
    var help = false
    var replay: String?
    /// Internal: run as a worker for one phase (`--worker --phase NAME --start N`).
    var worker = false
    var phase: String?
    var start = 0

    init(_ args: [String]) throws(SanadError) {
        var rest = args[...]
        func value(_ flag: String) throws(SanadError) -> String {
            guard let v = rest.popFirst() else {
                throw SanadError(.usage, "\(flag) needs a value", hint: "See sanad-fuzz --help.")
            }
            return v
        }
        func number(_ flag: String) throws(SanadError) -> Double {
            let text = try value(flag)
            guard let n = Double(text), n >= 0, n.isFinite else {
                throw SanadError(.usage, "\(flag) \(text) is not a number")
            }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--seconds": seconds = try number(flag)
            case "--seed":
                let text = try value(flag)
                guard let s = UInt64(text) else {
                    throw SanadError(.usage, "--seed \(text) is not an unsigned integer")
                }
                seed = s
            case "--corpus": corpus = try value(flag)
            case "--out": out = try value(flag)
            case "--parser": parser = try value(flag)
            case "--hang-seconds": hangSeconds = max(0.1, try number(flag))
            case "--json": json = true
            case "--replay": replay = try value(flag)
            case "--worker": worker = true
            case "--phase": phase = try value(flag)
            case "--start": start = Int(try number(flag))
            case "-h", "--help":
                help = true
                return
            default: throw SanadError(.usage, "unknown option \(flag)", hint: "See sanad-fuzz --help.")
            }
        }
    }

    /// The worker's command line for one batch of a phase.
    func workerArguments(phase: String, start: Int, seconds: Double, seed: UInt64) -> [String] {
        var args = [
            "--worker", "--phase", phase, "--start", String(start), "--seconds", String(seconds),
            "--seed", String(seed), "--corpus", corpus, "--out", out, "--hang-seconds", String(hangSeconds),
        ]
        if let parser { args += ["--parser", parser] }
        return args
    }
}
