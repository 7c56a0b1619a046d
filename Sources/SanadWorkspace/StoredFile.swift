import Foundation

/// A stored file open for reading; closed when released.
public final class StoredFile {
    public let fd: Int32
    /// The workspace-relative name, for messages.
    public let label: String

    init(fd: Int32, label: String) {
        self.fd = fd
        self.label = label
    }

    deinit { close(fd) }
}
