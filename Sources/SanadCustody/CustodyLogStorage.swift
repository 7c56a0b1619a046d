import Foundation
import SanadModel

/// Where a custody log's bytes live. Appending is the commit point of every command, so an
/// append is durable and whole, or leaves the log as it was.
public protocol CustodyLogStorage: AnyObject {
    /// Names the log in messages.
    var label: String { get }
    /// The log's bytes.
    func read() throws(SanadError) -> [UInt8]
    /// Creates an empty log; refuses when one exists.
    func create() throws(SanadError)
    /// Appends whole lines, durably, or changes nothing.
    func append(_ bytes: [UInt8]) throws(SanadError)
    /// Cuts the log to its first `length` bytes (a torn last line that was never committed).
    func truncate(to length: Int) throws(SanadError)
}

/// `custody.jsonl` in the clear: appended in place with one write(2) and fsync.
public final class PlainCustodyLogFile: CustodyLogStorage {
    public let path: String
    public var label: String { path }

    public init(path: String) { self.path = path }

    public func read() throws(SanadError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SanadError(.workspaceDamaged, "cannot read \(path)", hint: "Check that the workspace is complete.")
        }
        return [UInt8](data)
    }

    public func create() throws(SanadError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SanadError(.workspaceExists, "\(path) already exists")
        }
        try CustodyLogFile.append(path, bytes: [], create: true)
    }

    public func append(_ bytes: [UInt8]) throws(SanadError) {
        try CustodyLogFile.append(path, bytes: bytes, create: false)
    }

    public func truncate(to length: Int) throws(SanadError) { try CustodyLogFile.truncate(path, to: length) }
}
