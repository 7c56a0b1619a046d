import Foundation
import SanadCustody
import SanadModel

/// An exclusive advisory lock on `.lock`, held by every command that writes.
/// The kernel releases it when the process dies, even by SIGKILL.
public final class WorkspaceLock {
    private let fd: Int32

    public init(path: String) throws(SanadError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError.make(errno, "open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SanadError(
                .workspaceLocked, "another sanad command is writing to this workspace",
                hint: "Wait for it to finish, then run the command again.")
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
