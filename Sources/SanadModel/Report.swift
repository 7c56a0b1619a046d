/// The result of a verification: every check that ran, in order. Verification returns a
/// report and throws only when it cannot run at all.
public struct Report: Sendable {
    /// `info` states a fact the reader should know that is neither good nor bad (e.g. no
    /// timestamp was requested); it never fails, even under `--strict`.
    public enum Outcome: String, Sendable { case pass, info, warn, fail }

    public struct Check: Sendable, Equatable {
        /// Which check: its name and what its failure means.
        public let id: CheckID
        public let outcome: Outcome
        public let detail: String
        /// The entry (`seq 7`) or item (`E0003`) the check is about, when there is one.
        public let subject: String?

        public init(_ id: CheckID, _ outcome: Outcome, _ detail: String, subject: String? = nil) {
            self.id = id
            self.outcome = outcome
            self.detail = detail
            self.subject = subject
        }

        /// Stable machine name, e.g. `custody-chain`, `item-digest`.
        public var name: String { id.rawValue }

        public var json: JSONValue {
            .compactObject([
                "name": .string(name), "outcome": .string(outcome.rawValue),
                "detail": .string(detail), "subject": .optional(subject),
            ])
        }
    }

    public var checks: [Check] = []

    public init(checks: [Check] = []) { self.checks = checks }

    public mutating func add(_ check: Check) { checks.append(check) }

    public var failures: [Check] { checks.filter { $0.outcome == .fail } }
    public var warnings: [Check] { checks.filter { $0.outcome == .warn } }
    public var passed: Bool { failures.isEmpty }

    /// Fails on warnings too, for `--strict`.
    public func passed(strict: Bool) -> Bool { passed && (!strict || warnings.isEmpty) }
}
