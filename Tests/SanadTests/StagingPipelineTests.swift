import Foundation
@testable import SanadIngest
import SanadModel
import XCTest

final class StagingPipelineTests: XCTestCase {
    /// Workers finish out of order (later items are faster); results must still come in order.
    func testResultsComeInSourceOrderWhateverFinishesFirst() {
        let count = 40
        let pipeline = StagingPipeline<Int>(
            count: count, workers: 2, lookahead: 8,
            work: { i, _ in
                usleep(useconds_t((count - i) * 200))
                return .success(i * 10)
            },
            discard: { _ in XCTFail("nothing is discarded when everything is consumed") })
        var got: [Int] = []
        while let r = pipeline.next() { got.append(try! r.get()) }
        XCTAssertEqual(got, (0..<count).map { $0 * 10 })
        pipeline.cancel()
    }

    /// A failure is delivered at its own position; cancelling then discards every staged result
    /// that was never consumed, and no worker keeps running.
    func testCancelDiscardsWhatWasStagedButNotConsumed() {
        let lock = NSLock()
        var discarded: [Int] = []
        var worked = 0
        let pipeline = StagingPipeline<Int>(
            count: 100, workers: 2, lookahead: 6,
            work: { i, _ in
                lock.lock(); worked += 1; lock.unlock()
                return i == 3 ? .failure(SanadError(.diskFull, "full")) : .success(i)
            },
            discard: { v in
                lock.lock(); discarded.append(v); lock.unlock()
            })
        var consumed: [Int] = []
        while let r = pipeline.next() {
            guard case .success(let v) = r else {
                XCTAssertEqual(consumed, [0, 1, 2])
                if case .failure(let e) = r { XCTAssertEqual(e.code, .diskFull) }
                break
            }
            consumed.append(v)
        }
        pipeline.cancel()
        lock.lock(); defer { lock.unlock() }
        XCTAssertLessThanOrEqual(worked, 4 + 6 + 2, "workers stay within the lookahead")
        XCTAssertEqual(Set(discarded).count, discarded.count)
        XCTAssertTrue(discarded.allSatisfy { $0 > 3 }, "only results after the failure are discarded: \(discarded)")
        XCTAssertEqual(discarded.count, worked - 4, "every staged result after the failure was discarded")
        XCTAssertNil(pipeline.next(), "a cancelled pipeline yields nothing more")
    }
}
