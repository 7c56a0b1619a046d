import CSanadSystem
import Foundation
import SanadModel

/// Where the copier writes. A seam: tests replace it to simulate a full disk.
public protocol ByteSink {
    func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError)
}

/// Writes to a file descriptor, retrying short writes; ENOSPC becomes `diskFull`.
///
/// With `direct`, whole aligned chunks bypass the page cache (`DirectFileWriter`): on a VM,
/// filling the cache with fresh pages costs more than the copy. The rest (a file's tail, or a
/// filesystem without O_DIRECT) goes through the cache, and with a `WritebackWindow` each such
/// write starts its way to disk at once, pages a few MiB behind being waited for and dropped, so
/// the commit's syncfs has little left to flush. Copies of zips stay cached and buffered,
/// because the member scan reads them again at once.
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    public let label: String
    private let window: WritebackWindow?
    private let allowDirect: Bool
    private var writer: DirectFileWriter?
    private var handle: WritebackWindow.Handle?
    private var keepCached = false

    public init(fd: Int32, label: String, window: WritebackWindow? = nil, direct: Bool = false) {
        self.fd = fd
        self.label = label
        self.window = window
        allowDirect = direct
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(SanadError) {
        let out: DirectFileWriter
        if let writer {
            out = writer
        } else {
            if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03, bytes[3] == 0x04 {
                keepCached = true
            }
            out = DirectFileWriter(fd: fd, label: label, direct: allowDirect && !keepCached)
            writer = out
        }
        let offset = out.offset
        if try out.write(bytes) { return }  // on disk already: nothing to write back
        if let window {
            if handle == nil { handle = window.handle(for: fd) }
            if let handle { window.written(handle, offset: offset, length: Int64(bytes.count), drop: !keepCached) }
        }
    }
}
