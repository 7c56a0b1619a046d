import Foundation
import SanadModel

/// Where a key's passphrase comes from: --passphrase-file, else SANAD_PASSPHRASE, else a prompt.
/// It is never logged, never written to an archive, and never echoed.
struct Passphrase {
    static func obtain(
        file: String?, confirm: Bool, prompt: String = "Passphrase", environment: [String] = ["SANAD_PASSPHRASE"]
    ) throws(SanadError) -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw SanadError(.pathNotFound, "cannot read the passphrase file \(file)")
            }
            var text = String(decoding: data, as: UTF8.self)
            // Only the line end that editors add is stripped; inner white space counts.
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        for name in environment {
            if let env = ProcessInfo.processInfo.environment[name] { return env }
        }
        guard isatty(0) == 1 else {
            throw SanadError(
                .usage, "a passphrase is needed and there is no terminal to ask on",
                hint: "Set \(environment.last ?? "SANAD_PASSPHRASE"), or pass --passphrase-file FILE.")
        }
        let first = try read(prompt + ": ")
        if confirm {
            guard try read("Again: ") == first else {
                throw SanadError(.usage, "the two passphrases differ", hint: "Run the command again.")
            }
        }
        return first
    }

    private static func read(_ prompt: String) throws(SanadError) -> String {
        guard let p = getpass(prompt) else { throw SanadError(.usage, "no passphrase was entered") }
        return String(cString: p)
    }
}
