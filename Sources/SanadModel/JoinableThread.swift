import Foundation

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

    /// Starts `body` on a new thread with `stackSize` bytes of stack. If pthreads cannot make
    /// one (a process out of threads), Foundation's `Thread` is asked instead: that one cannot
    /// be joined, so `join` returns at once and the callers' own signals are all that orders
    /// them. Running `body` here instead would deadlock a producer whose consumer is the caller.
    public init(stackSize: Int = 1 << 20, _ body: @escaping () -> Void) {
        pthread_mutex_init(lock, nil)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN)))
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var created = pthread_t()
        let rc = pthread_create(
            &created, &attributes,
            { context in
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        if rc == 0 {
            thread = created
        } else {
            let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
            let fallback = Thread { body.run() }
            fallback.stackSize = stackSize
            fallback.start()
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
