import Foundation

/// Path text helpers that hold for every name a user can type.
public enum PathText {
    /// The folder part of `path`, "" for a bare name. `NSString.deletingLastPathComponent`
    /// traps on a one-character bare name ("k") in swift-corelibs-foundation; this does not.
    public static func folder(_ path: String) -> String {
        guard path.contains("/") else { return "" }
        return (path as NSString).deletingLastPathComponent
    }
}
