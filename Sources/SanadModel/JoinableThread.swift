#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread that can be joined. A semaphore signalled at the end of a thread's work says the
/// work is done, not that the thread has ended: its thread-local destructors (OpenSSL's among
/// them) still run afterwards, and a process that exits meanwhile tears OpenSSL down under
/// them. `join` returns only once the thread has ended, so a command that joins its helpers
/// before it returns leaves nothing running.
public final class JoinableThread: @unchecked Sendable {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var thread: pthread_t?
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    /// Starts `body` on a new thread with `stackSize` bytes of stack. If no thread can be made,
    /// `body` runs here, before `init` returns: slower, never lost.
    public init(stackSize: Int = 1 << 20, _ body: @escaping () -> Void) {
        pthread_mutex_init(lock, nil)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN)))
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var created = pthread_t()
        let rc = pthread_create(&created, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        if rc == 0 {
            thread = created
        } else {
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
        }
    }

    deinit {
        // Never joined: let it end on its own, and free its stack when it does.
        if let t = thread { pthread_detach(t) }
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Waits for the thread to end. Any number of calls, from any thread but its own.
    public func join() {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let t = thread {
            pthread_join(t, nil)
            thread = nil
        }
    }
}
