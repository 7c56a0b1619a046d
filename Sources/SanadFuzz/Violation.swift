import SanadModel

/// A property a parser broke on one input (docs/FUZZING.md).
public struct Violation: Equatable, Sendable, CustomStringConvertible {
    /// Which property: `tiling`, `sha256`, `line`, `canonical-json`, `invariant`, `chunking`,
    /// `error-code`, `registry`, `superlinear`. A crash and a hang are found by the process
    /// that runs the checks, not here.
    public var property: String
    public var detail: String

    public init(_ property: String, _ detail: String) {
        self.property = property
        self.detail = detail
    }

    public var description: String { "\(property): \(detail)" }
}
