/// The fuzzer's only source of randomness: SplitMix64, so that a run is reproduced exactly by
/// its `--seed` on any machine and Swift version (the standard library's generators and its
/// `random(in:using:)` algorithms promise neither).
public struct FuzzRandom {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// The generator for one input: a function of the run's seed, the phase (a parser name)
    /// and the input's index alone, so that input `index` is the same however many inputs came
    /// before it or how long they took.
    public init(seed: UInt64, stream: String, index: Int) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in stream.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        var mixer = FuzzRandom(seed: seed ^ h)
        let a = mixer.next()
        self.init(seed: a ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`; 0 when `n` is not positive.
    public mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A number in `range`.
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True one time in `n`.
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }

    /// An element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}
