import Dispatch
import Foundation
import SanadModel

/// Sorts a stream of encoded events by `SortKey` in bounded memory: events gather in a buffer
/// of `bufferBytes`; a full buffer is sorted and written out as a run to an unlinked temporary
/// file; at the end the runs are merged. A timeline that fits in the buffer never touches the
/// disk. Run files are unlinked as soon as they are created, so a kill leaves no event text
/// behind, and they live in the caller's private folder (the workspace's `tmp/`).
public final class EventSorter {
    public let bufferBytes: Int
    private let tempDir: String
    private var bytes: [UInt8] = []
    private var records: [(key: SortKey, start: Int, length: Int)] = []
    private var runs: [RunFile] = []
    /// Most runs merged at once; more are merged in rounds.
    static let fanIn = 64
    /// The numbers of the events of files read in parts, added to their lines by `drain`.
    var numbers = PartNumbers()

    public init(tempDir: String, bufferBytes: Int = 48 << 20) {
        self.tempDir = tempDir
        self.bufferBytes = bufferBytes
    }

    public var count = 0

    public func add(_ key: SortKey, _ line: [UInt8]) throws(SanadError) {
        records.append((key, bytes.count, line.count))
        bytes.append(contentsOf: line)
        count += 1
        if bytes.count + records.count * 48 >= bufferBytes { try spill() }
    }

    public func add(_ key: SortKey, _ line: UnsafeRawBufferPointer) throws(SanadError) {
        records.append((key, bytes.count, line.count))
        bytes.append(contentsOf: line)
        count += 1
        if bytes.count + records.count * 48 >= bufferBytes { try spill() }
    }

    /// The buffered events in key order.
    private func forEachSorted(_ body: (SortKey, UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError)
    {
        let sorted = records.sorted { $0.key < $1.key }
        var failure: SanadError?
        bytes.withUnsafeBytes { all in
            for r in sorted where failure == nil {
                do throws(SanadError) {
                    try body(r.key, UnsafeRawBufferPointer(rebasing: all[r.start..<(r.start + r.length)]))
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    private func spill() throws(SanadError) {
        guard !records.isEmpty else { return }
        let run = try RunFile(dir: tempDir)
        try forEachSorted { (key: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in try run.append(key, line)
        }
        try run.finish()
        runs.append(run)
        records.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Calls `each` with every event in key order, each line with its event number (a file's
    /// later parts get theirs here, `PartNumbers`), then frees everything.
    public func drain(_ each: (SortKey, UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        defer {
            records = []
            bytes = []
            runs = []
        }
        let numbers = self.numbers
        var scratch: [UInt8] = []
        func numbered(_ key: SortKey, _ line: UnsafeRawBufferPointer) throws(SanadError) {
            guard !PartNumbers.isNumbered(key) else { return try each(key, line) }
            try numbers.complete(key, line, scratch: &scratch, each)
        }
        if runs.isEmpty {
            try forEachSorted(numbered)
            return
        }
        try spill()
        while runs.count > Self.fanIn {
            var next: [RunFile] = []
            var i = 0
            while i < runs.count {
                let group = Array(runs[i..<min(runs.count, i + Self.fanIn)])
                let merged = try RunFile(dir: tempDir)
                try Self.merge(group) { (key: SortKey, line: UnsafeRawBufferPointer) throws(SanadError) in
                    try merged.append(key, line)
                }
                try merged.finish()
                next.append(merged)
                i += Self.fanIn
            }
            runs = next
        }
        try Self.merge(runs, numbered)
    }

    /// A k-way merge through a binary heap of each run's next record.
    static func merge(
        _ runs: [RunFile], _ each: (SortKey, UnsafeRawBufferPointer) throws(SanadError) -> Void
    ) throws(SanadError) {
        let queue = DispatchQueue(label: "sanad.run-reads")
        var readers: [RunReader] = []
        defer { for i in readers.indices { readers[i].release() } }
        for run in runs { readers.append(try RunReader(run, queue: queue)) }
        var heap: [(SortKey, Int)] = []
        func less(_ a: (SortKey, Int), _ b: (SortKey, Int)) -> Bool { a.0 < b.0 }
        func push(_ e: (SortKey, Int)) {
            heap.append(e)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                guard less(heap[i], heap[p]) else { break }
                heap.swapAt(i, p)
                i = p
            }
        }
        func pop() -> (SortKey, Int) {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var m = i
                    if l < heap.count, less(heap[l], heap[m]) { m = l }
                    if r < heap.count, less(heap[r], heap[m]) { m = r }
                    if m == i { break }
                    heap.swapAt(i, m)
                    i = m
                }
            }
            return top
        }
        for n in readers.indices {
            if let key = try readers[n].nextKey() { push((key, n)) }
        }
        while !heap.isEmpty {
            let (key, n) = pop()
            try each(key, try readers[n].line())
            if let next = try readers[n].nextKey() { push((next, n)) }
        }
    }
}
