import Dispatch

/// Hands large, short-lived structures to a background thread to be freed there. Tearing down
/// what a big case parses (100,000 custody entries, each a tree of small objects) took most of
/// a second object by object; the command need not wait for it, and a process that exits
/// first leaves the rest to the kernel.
public enum BackgroundRelease {
    private static let queue = DispatchQueue(label: "sanad.release", qos: .background)

    public static func release<T>(_ value: T) {
        let box = Box(value)
        queue.async { withExtendedLifetime(box) {} }
    }

    private final class Box<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
