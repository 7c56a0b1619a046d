import ArgumentParser
import Foundation
import SanadCrypto
import SanadModel

struct KeyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a certificate's holder and its SHA-256 fingerprint (what others pin).")

    @Argument(help: "A certificate file (PEM); the first certificate is shown.")
    var certificate: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let console = Console(quiet: output.quiet)
        try console.guarded {
            let certs = try Certificate.loadAll(pem: try SigningIdentity.readFile(certificate, what: "certificate"))
            Self.describe(
                certs[0], console: console, json: output.json, extra: ["chain_length": .int(Int64(certs.count))])
        }
    }

    static func describe(_ cert: Certificate, console: Console, json: Bool, extra: [String: JSONValue] = [:]) {
        if json {
            var o: [String: JSONValue] = [
                "fingerprint_sha256": .string(cert.fingerprint), "subject": .string(cert.subject.oneLine),
                "name": .optional(cert.subject.commonName), "organization": .optional(cert.subject.organization),
                "email": .optional(cert.subject.email), "issuer": .string(cert.issuer.oneLine),
                "self_signed": .bool(cert.isSelfSigned), "not_before": .string(cert.notBefore),
                "not_after": .string(cert.notAfter),
            ]
            o.merge(extra) { $1 }
            console.json(.compactObject(o))
            return
        }
        console.out("holder:      \(cert.subject.oneLine)")
        console.out("issuer:      \(cert.isSelfSigned ? "self-signed" : cert.issuer.oneLine)")
        console.out("valid:       \(cert.notBefore) to \(cert.notAfter)")
        console.out("fingerprint: \(Certificate.formatFingerprint(cert.fingerprint))")
        console.out("SHA-256 of the certificate's DER; give it to recipients to pin with --signer-fingerprint.")
    }
}
