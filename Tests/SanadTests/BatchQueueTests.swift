import Foundation
import SanadModel
@testable import SanadExtract
import XCTest

/// The queue between a timeline's producer threads and the thread that sorts: batches arrive
/// whole, a producer waits while the queue is full, and the first failure stops every producer.
final class BatchQueueTests: XCTestCase {
    func testEveryBatchOfEveryProducerArrivesInItsOrder() {
        let queue = BatchQueue<(Int, Int)>(producers: 3, depth: 2)
        for p in 0..<3 {
            Thread.detachNewThread {
                do throws(SanadError) {
                    for n in 0..<500 { try queue.send((p, n)) }
                    queue.close(nil)
                } catch {
                    queue.close(error)
                }
            }
        }
        var next = [0, 0, 0]
        while let (p, n) = queue.receive() {
            XCTAssertEqual(n, next[p], "producer \(p) in order")
            next[p] += 1
        }
        XCTAssertEqual(next, [500, 500, 500])
        XCTAssertNil(queue.failure)
    }

    func testAFailureStopsTheOtherProducers() {
        let queue = BatchQueue<Int>(producers: 2, depth: 1)
        let stopped = expectation(description: "the long producer is stopped")
        Thread.detachNewThread {
            // Bounded, so that a queue that fails to stop it fails this test instead of hanging.
            do throws(SanadError) {
                for n in 0..<1_000_000 { try queue.send(n) }
                queue.close(nil)
                XCTFail("the producer was never stopped")
            } catch {
                XCTAssertEqual(error.message, BatchQueue<Int>.cancelledError.message)
                queue.close(error)
            }
            stopped.fulfill()
        }
        Thread.detachNewThread {
            queue.close(SanadError(.ioError, "disk gone"))
        }
        while queue.receive() != nil {}
        wait(for: [stopped], timeout: 10)
        XCTAssertEqual(queue.failure?.code, .ioError)
        XCTAssertEqual(queue.failure?.message, "disk gone")
    }
}
