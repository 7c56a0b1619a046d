import ArgumentParser

/// The recovery recipients of a new workspace key (`init`, `encrypt`).
struct RecoveryOptions: ParsableArguments {
    @Option(
        name: .customLong("recovery-recipient"),
        help: ArgumentHelp(
            "An organisation's recovery key (age1…, or an X.509 certificate file) that can also open the case if "
                + "the passphrase is lost (repeatable).", valueName: "key"))
    var recipients: [String] = []
}
