import CSanadSecrets
import CSanadSystem
import Foundation
import SanadCrypto
import SanadModel

/// Holds an unlocked workspace's key in the Linux kernel keyring (libkeyutils), so that the
/// commands that follow `sanad unlock` need no passphrase until it times out or `sanad lock`
/// drops it. The key lives in kernel memory, in the user keyring, readable by this user's
/// processes only, and is never written to disk.
public enum WorkspaceKeyring {
    /// Why the keyring cannot be used here, or nil when it can.
    public static func unavailableReason() -> String? {
        let id = keyctl_get_keyring_ID(KEY_SPEC_USER_KEYRING, 1)
        guard id >= 0 else { return "the kernel keyring is not available here (\(String(cString: strerror(errno))))" }
        return nil
    }

    static func description(_ ws: WorkspaceEncryption) -> String { "sanad:workspace:\(ws.workspaceID)" }

    /// Stores the key for `seconds`; returns a reason when the keyring refused it.
    public static func store(_ key: WorkspaceKey, for ws: WorkspaceEncryption, seconds: UInt32) -> String? {
        var secret = key.identity.privateKey
        defer { secret.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
        let serial = secret.withUnsafeBytes {
            add_key("user", description(ws), $0.baseAddress, $0.count, KEY_SPEC_USER_KEYRING)
        }
        guard serial >= 0 else { return "the kernel keyring refused the key (\(String(cString: strerror(errno))))" }
        // Only this user's processes may find and read it (possessor and user: view, read, search).
        let perm: key_perm_t = 0x3f00_0000 | 0x000b_0000
        _ = keyctl_setperm(serial, perm)
        guard keyctl_set_timeout(serial, seconds) == 0 else {
            _ = keyctl_invalidate(serial)
            return "the kernel keyring cannot time the key out (\(String(cString: strerror(errno))))"
        }
        return nil
    }

    /// The key held for the workspace, or nil (none, timed out, or no keyring). A key that does
    /// not match the workspace's recipient is ignored.
    public static func load(for ws: WorkspaceEncryption) -> WorkspaceKey? {
        let serial = key_serial_t(truncatingIfNeeded: keyctl_search(KEY_SPEC_USER_KEYRING, "user", description(ws), 0))
        guard serial >= 0 else { return nil }
        var buffer: UnsafeMutableRawPointer?
        let n = keyctl_read_alloc(serial, &buffer)
        guard n == 32, let buffer else {
            if let buffer { free(buffer) }
            return nil
        }
        defer {
            csanad_wipe(buffer, 32)
            free(buffer)
        }
        var bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: 32))
        defer { bytes.withUnsafeMutableBytes { csanad_wipe($0.baseAddress, $0.count) } }
        guard let pair = try? X25519KeyPair(privateKey: bytes), let key = try? WorkspaceKey(identity: pair),
            key.recipientString == ws.recipient
        else { return nil }
        return key
    }

    /// Drops the key; true when one was held.
    @discardableResult
    public static func drop(for ws: WorkspaceEncryption) -> Bool {
        let serial = key_serial_t(truncatingIfNeeded: keyctl_search(KEY_SPEC_USER_KEYRING, "user", description(ws), 0))
        guard serial >= 0 else { return false }
        return keyctl_invalidate(serial) == 0 || keyctl_unlink(serial, KEY_SPEC_USER_KEYRING) == 0
    }
}
