import CSanadSystem

/// What every Sanad process does first: it may hold a workspace key and decrypted evidence, so
/// it writes no core file and cannot be dumped or traced by other processes of the same user.
public enum ProcessHardening {
    /// True when both limits took effect.
    @discardableResult
    public static func apply() -> Bool {
        csanad_fixed_mmap_threshold()
        return csanad_disable_core_dumps() == 0
    }

    /// Zeroes a buffer so that the optimiser keeps the stores.
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) { csanad_wipe(buffer.baseAddress, buffer.count) }
}
