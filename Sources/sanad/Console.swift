import Foundation
import SanadModel

/// Data to stdout; diagnostics to stderr as `sanad: error: …` with a `hint:` line (age's tui.go rules).
struct Console {
    let quiet: Bool
    let stderrIsTerminal = isatty(2) == 1

    func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func json(_ value: JSONValue) {
        FileHandle.standardOutput.write(Data(CanonicalJSON.encodePretty(value)))
    }

    func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("sanad: \(line)\n".utf8))
    }

    func warning(_ line: String) {
        FileHandle.standardError.write(Data("sanad: warning: \(line)\n".utf8))
    }

    func error(_ e: SanadError) {
        var text = "sanad: error: \(e.message)\n"
        if let hint = e.hint { text += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A one-line progress display, only when stderr is a terminal.
    /// The line is made only when it is shown (an `add` of a thousand photos calls this once a
    /// file, and formatting it cost 5 % of the add's CPU when nobody saw it).
    func progress(_ line: @autoclosure () -> String) {
        guard stderrIsTerminal, !quiet else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line())".utf8))
    }

    func endProgress() {
        guard stderrIsTerminal, !quiet else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// A name as one line of a terminal: control characters (a line break in a file name, an
    /// escape sequence) and bidirectional overrides shown as `\u{…}` escapes, never obeyed.
    static func printable(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            let v = u.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            if control || bidi {
                out += v == 0x0A ? "\\n" : v == 0x09 ? "\\t" : "\\u{\(String(v, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
