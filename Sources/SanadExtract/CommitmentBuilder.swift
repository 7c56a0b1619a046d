import Foundation
import SanadCrypto
import SanadFormat
import SanadModel
import SanadTimeline

/// Builds the salted Merkle commitment to one item's events (docs/FORMAT.md §9): the item is
/// read by the parser the timeline uses, with the same declarations, and its events' first
/// bytes cut the file into leaves; then the leaves are hashed in one more pass over the bytes.
///
/// A large file whose parser reads in parts is parsed on several threads, as the timeline
/// does; only each event's offset and kind are kept.
public struct CommitmentBuilder {
    /// Parsers whose items are not committed: a photo is disclosed whole, by its manifest line.
    public static let wholeFileParsers: Set<String> = [ImageTimeParser.name]

    public struct Built {
        public let commitment: Commitment
        /// Each leaf's length, in order; they sum to the item's size.
        public let lengths: [Int64]
        /// The flat leaf hashes.
        public let leafHashes: [UInt8]
    }

    /// Where the events of an item begin, and what the parser needs to read them again.
    public struct Segmentation: Sendable {
        public var parserName: String
        public var parserVersion: String
        public var context: ParseContext
        /// The first byte of each event, in file order (never decreasing).
        public var starts: [Int64]
        public var messages: Int

        /// Leaf 0 runs to the first event; each event's leaf to the next event's first byte.
        public func lengths(size: Int64) -> [Int64] {
            var bounds = [Int64(0)] + starts
            bounds.append(size)
            return (0..<(bounds.count - 1)).map { bounds[$0 + 1] - bounds[$0] }
        }
    }

    let builder = TimelineBuilder(TimelineBuilder.Options())

    public init() {}

    /// The parser and context that read `item`, or nil when no parser reads it as a chat.
    public func parser(
        for item: TimelineItem, input: any ByteInput
    ) throws(SanadError) -> (
        any TimelineParser, ParseContext
    )? {
        let prefix = try TimelineBuilder.prefix(of: input, count: ParserRegistry.prefixLength)
        guard let type = ParserRegistry.parser(prefix: prefix, fileName: item.originalName),
            !Self.wholeFileParsers.contains(type.name)
        else { return nil }
        let context = try builder.context(for: item, defaultZone: nil)
        return (type.init(context), context)
    }

    /// The commitment to `item`'s events under `seed`, or nil when it is not read as a chat.
    public func build(_ item: TimelineItem, input: any ByteInput, seed: [UInt8]) throws(SanadError) -> Built? {
        guard let seg = try segment(item, input: input) else { return nil }
        let lengths = seg.lengths(size: item.size)
        let hashes = try Self.leafHashes(
            input, lengths: lengths, seed: seed, label: item.exhibit, expect: (item.sha256, item.size))
        let commitment = Commitment(
            exhibit: item.exhibit, sha256: item.sha256, size: item.size, parserName: seg.parserName,
            parserVersion: seg.parserVersion, dateOrder: seg.context.dateOrder?.rawValue,
            zone: seg.context.zone?.name, zoneBasis: seg.context.zone?.basis.rawValue,
            platform: seg.context.platform?.rawValue, leaves: lengths.count, events: seg.starts.count,
            messages: seg.messages, root: Hex.encode(MerkleCommitment.root(hashes)))
        return Built(commitment: commitment, lengths: lengths, leafHashes: hashes)
    }

    /// Reads `item` with its parser and keeps where each event begins.
    public func segment(_ item: TimelineItem, input: any ByteInput) throws(SanadError) -> Segmentation? {
        guard let (parser, context) = try parser(for: item, input: input) else { return nil }
        var seg = Segmentation(
            parserName: parser.parserInfo.name, parserVersion: parser.parserInfo.version, context: context,
            starts: [], messages: 0)
        do {
            if let ranged = input as? any RangedByteInput, let partitioned = parser as? any PartitionedParser {
                (seg.starts, seg.messages) = try Self.planned(partitioned, ranged)
            } else {
                try parser.parse(input) { (e: TimelineEvent) throws(SanadError) in
                    seg.starts.append(e.source.offset)
                    if e.kind == .message { seg.messages += 1 }
                }
            }
        } catch {
            throw TimelineBuilder.located(error, item)
        }
        for k in seg.starts.indices.dropFirst() where seg.starts[k] < seg.starts[k - 1] {
            throw SanadError(
                .internalError,
                "\(item.exhibit): \(seg.parserName) gave events out of file order at byte \(seg.starts[k])")
        }
        if let last = seg.starts.last, last > item.size || seg.starts[0] < 0 {
            throw SanadError(
                .evidenceMismatch, "\(item.exhibit): an event begins past the \(item.size) bytes recorded for it")
        }
        return seg
    }

    /// The parts of a partitioned parser, each parsed on its own thread.
    private static func planned<P: PartitionedParser, I: RangedByteInput>(
        _ parser: P, _ input: I
    )
        throws(SanadError) -> ([Int64], Int)
    {
        let plan = try parser.plan(input)
        let count = parser.partCount(plan)
        let results = PartResults(count)
        let threads = (0..<count).map { k in
            JoinableThread(stackSize: 8 << 20) {
                var starts: [Int64] = []
                var messages = 0
                do throws(SanadError) {
                    try parser.parse(input, plan: plan, part: k) { (e: TimelineEvent) throws(SanadError) in
                        starts.append(e.source.offset)
                        if e.kind == .message { messages += 1 }
                    }
                    results.set(k, .success((starts, messages)))
                } catch {
                    results.set(k, .failure(error))
                }
            }
        }
        threads.forEach { $0.join() }
        var starts: [Int64] = []
        var messages = 0
        for k in 0..<count {
            switch results.get(k) {
            case .success(let r):
                starts += r.0
                messages += r.1
            case .failure(let e): throw e
            case nil: throw SanadError(.internalError, "part \(k + 1) was not read")
            }
        }
        return (starts, messages)
    }

    /// The leaf hashes: each leaf's bytes hashed as they stream past (a leaf may span chunks).
    /// With `expect`, the bytes read must also have that SHA-256 and size (the case's record):
    /// a commitment is never made to other bytes than the ones sealed.
    public static func leafHashes(
        _ input: any ByteInput, lengths: [Int64], seed: [UInt8], label: String,
        expect: (sha256: String, size: Int64)? = nil
    ) throws(SanadError) -> [UInt8] {
        var content = [UInt8](repeating: 0, count: lengths.count * MerkleCommitment.hashSize)
        var hasher = RangeHasher(lengths: lengths)
        let whole = expect == nil ? nil : try MessageDigest(.sha256)
        var size: Int64 = 0
        do throws(SanadError) {
            try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                whole?.update(chunk)
                size += Int64(chunk.count)
                try hasher.take(chunk, into: &content)
            }
            if let expect, let whole, size != expect.size || whole.finalizeHex() != expect.sha256 {
                throw SanadError(.evidenceMismatch, "the bytes read are not the ones recorded for it")
            }
            return try hasher.leafHashes(content: &content, seed: seed)
        } catch {
            throw SanadError(error.code, "\(label): \(error.message)", hint: error.hint)
        }
    }
}

/// Each part's result, set by its thread.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<([Int64], Int), SanadError>?]
    init(_ count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: Result<([Int64], Int), SanadError>) {
        lock.lock()
        results[k] = r
        lock.unlock()
    }
    func get(_ k: Int) -> Result<([Int64], Int), SanadError>? {
        lock.lock()
        defer { lock.unlock() }
        return results[k]
    }
}
