import SanadIO

/// Before a command writes an output, removes what an earlier run of it left beside that
/// output when it was killed outright (SIGKILL, a power cut), and says so.
enum Leftovers {
    static func clean(_ path: String, _ console: Console) {
        for name in AtomicOutput.removeLeftovers(of: path) {
            console.note("removed \(name), the unfinished output of an earlier run that was stopped")
        }
    }
}
