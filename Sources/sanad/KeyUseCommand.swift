import ArgumentParser
import Foundation
import SanadCrypto
import SanadCustody
import SanadModel
import SanadWorkspace

struct KeyUseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use", abstract: "Sign this workspace's custody entries with a key from now on.",
        discussion: """
            Records where the key and its certificate are (never the key itself or its passphrase) in \
            signing-key.json, and stores the certificate in certs/. add and amend then sign their entries \
            with it, asking for its passphrase; --key on a command overrides it, --no-sign skips it.
            """)

    @OptionGroup var location: WorkspaceOptions

    @Argument(help: "The key (from 'sanad key new'); omit with --none.")
    var key: String?

    @Option(name: .long, help: "The key's certificate (default: the key's file name ending in .crt).")
    var cert: String?

    @Flag(name: .long, help: "Stop signing: forget the configured key.")
    var none = false

    @OptionGroup var passphrase: PassphraseOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if none == (key != nil) { throw ValidationError("Give a KEY, or --none, but not both.") }
    }

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let ws = try Workspace.locate(explicit: location.workspace)
            let store = CaseStore(ws)
            guard let key else {
                try store.writeSigningKeySetting(nil)
                console.note("entries in this workspace are no longer signed unless a command is given --key")
                return
            }
            let certPath = cert ?? EntryKeyOptions.defaultCertificate(key)
            // Loading proves the passphrase and that key and certificate belong together.
            let signer = try EntryKeyOptions.load(key: key, cert: certPath, passphrase)
            try Self.configure(store, signer, key: key, cert: certPath)
            KeyShowCommand.describe(signer.certificate, console: console, json: output.json)
            let who = signer.certificate.subject.commonName ?? "this key"
            console.note(
                "custody entries in this workspace will be signed by \(who) (\(signer.algorithm.rawValue)); give the "
                    + "fingerprint above to whoever will check them")
        }
    }

    /// Stores the certificate and where the key and certificate are: paths and a digest only.
    static func configure(_ store: CaseStore, _ signer: EntrySigner, key: String, cert: String) throws {
        try store.writeCertificate(signer.certificate)
        try store.writeSigningKeySetting([
            "v": 1, "key": .string(Workspace.canonicalPath(key)), "cert": .string(Workspace.canonicalPath(cert)),
            "cert_sha256": .string(signer.certificateSHA256), "alg": .string(signer.algorithm.rawValue),
        ])
    }
}
