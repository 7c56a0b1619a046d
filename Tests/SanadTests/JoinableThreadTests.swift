import Foundation
import SanadModel
import XCTest

/// `join` must return only once the thread has ended: verify relies on it to leave nothing
/// running (OpenSSL's per-thread cleanup included) when it returns.
final class JoinableThreadTests: XCTestCase {
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func set(_ v: Int) { lock.withLock { value = v } }
        var get: Int { lock.withLock { value } }
    }

    func testJoinWaitsForTheBodyToEnd() {
        let flag = Flag()
        let thread = JoinableThread {
            usleep(100_000)
            flag.set(1)
        }
        XCTAssertEqual(flag.get, 0, "the body runs on its own thread, not before init returns")
        thread.join()
        XCTAssertEqual(flag.get, 1)
    }

    func testJoinFromSeveralThreadsReturnsInEachAndOnlyOnceTheBodyEnded() {
        let flag = Flag()
        let thread = JoinableThread(stackSize: 4 << 20) {
            usleep(50_000)
            flag.set(7)
        }
        let seen = Flag()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            thread.join()
            if flag.get != 7 { seen.set(-1) }
        }
        thread.join()
        XCTAssertEqual(flag.get, 7)
        XCTAssertEqual(seen.get, 0, "a join returned before the body had ended")
    }
}
