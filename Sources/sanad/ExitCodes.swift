import ArgumentParser
import SanadModel

/// Stable exit codes; docs/EXIT-CODES.md is their one reference and tests assert them.
enum ExitCodes {
    static let ok: Int32 = 0
    static let doesNotVerify: Int32 = 1
    static let malformedInput: Int32 = 2
    static let workspace: Int32 = 3
    static let locked: Int32 = 4
    static let io: Int32 = 5
    static let usage: Int32 = 64
    static let internalError: Int32 = 70

    static func code(for e: SanadError) -> Int32 {
        switch e.code {
        case .evidenceMismatch: doesNotVerify
        case .pathNotFound, .pathUnreadable, .manifestInvalid, .archiveCorrupt, .archiveUnsafe: malformedInput
        case .imageTooLarge, .imageUndecodable: malformedInput
        case .notAWorkspace, .workspaceExists, .workspaceDamaged, .unsupportedVersion: workspace
        case .workspaceLocked: locked
        case .diskFull, .ioError: io
        case .usage, .invalidTime, .invalidTimeZone, .dateOrderAmbiguous: usage
        case .wrongPassphrase, .badKey: malformedInput
        // The environment lacks what Sanad needs (the hint names the package to install).
        case .libraryUnavailable: internalError
        // A stop that escaped the loop it ends is a bug.
        case .cryptoError, .internalError, .stopped: internalError
        }
    }

    /// Prints the error the standard way and exits with its code.
    static func fail(_ e: SanadError, _ console: Console) -> ExitCode {
        console.error(e)
        return ExitCode(code(for: e))
    }
}

extension Console {
    /// Runs a command body; a `SanadError` is printed with its hint and becomes its exit code.
    func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as SanadError {
            endProgress()
            throw ExitCodes.fail(e, self)
        } catch let e as ExitCode {
            throw e
        } catch {
            // Anything else is a bug in Sanad; 1 would wrongly say "does not verify".
            endProgress()
            throw ExitCodes.fail(
                SanadError(
                    .internalError, "\(error)", hint: "Please report this (see SECURITY.md for private reports)."), self
            )
        }
    }
}
