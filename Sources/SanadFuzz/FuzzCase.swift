import SanadModel
import SanadTimeline

/// One generated input: the bytes, the context it is parsed with, the second chunk size it is
/// read in, and how it was made.
public struct FuzzCase: Sendable {
    public var bytes: [UInt8]
    public var context: ParseContext
    /// The chunk size of the second read, which must give the same result as the first (1 MiB).
    public var chunkSize: Int
    /// The seed it was made from, and the seed spliced in, if any.
    public var origin: [String]
    /// The mutations applied, in order; empty for a seed read as it is.
    public var mutations: [String]

    public init(bytes: [UInt8], context: ParseContext, chunkSize: Int, origin: [String] = [], mutations: [String] = [])
    {
        self.bytes = bytes
        self.context = context
        self.chunkSize = chunkSize
        self.origin = origin
        self.mutations = mutations
    }

    /// What `--replay` needs to run it again, saved beside a failing input.
    public var json: JSONValue {
        .object([
            "context": ContextFile.json(context),
            "chunk_size": .int(Int64(chunkSize)),
            "origin": .array(origin.map { .string($0) }),
            "mutations": .array(mutations.map { .string($0) }),
            "size": .int(Int64(bytes.count)),
        ])
    }

    /// Reads back `json` for `bytes`.
    public init(bytes: [UInt8], json: JSONValue?) {
        let chunk = json?["chunk_size"]?.intValue.map { Int(clamping: $0) } ?? 7
        self.init(
            bytes: bytes, context: json?["context"].map(ContextFile.context(from:)) ?? ParseContext(),
            chunkSize: max(1, chunk), origin: json?["origin"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            mutations: json?["mutations"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

/// Makes input `index` of a parser's phase, as a function of the run's seed, the phase and the
/// index alone: `--seed` reproduces a run, and a failure's index names its input.
public struct CaseGenerator: Sendable {
    public let corpus: SeedCorpus
    public let seed: UInt64

    public init(corpus: SeedCorpus, seed: UInt64) {
        self.corpus = corpus
        self.seed = seed
    }

    /// The zones a context is given: none (floating times), one without daylight saving, and two
    /// with it, one declared at ingest and one given to the timeline.
    static let zones: [(String, ZoneBasis)?] = [
        nil, ("Asia/Baghdad", .declaredAtIngest), ("Europe/Berlin", .declaredAtIngest),
        ("America/New_York", .givenToTimeline),
    ]
    static let fileNames: [String?] = [
        nil, "_chat.txt", "WhatsApp Chat with Omar Aziz.txt", "result.json", "messages.html", "message_1.json",
        "sms-20220318.xml", "Screenshot_20220318-145600.png", "IMG_0001.JPG", "",
    ]

    /// The first inputs of a phase are its seeds unchanged; then mutants of them.
    public func make(phase: String, index: Int) -> FuzzCase {
        let own = corpus.seeds(for: phase)
        guard !own.isEmpty else { return FuzzCase(bytes: [], context: ParseContext(), chunkSize: 1) }
        var random = FuzzRandom(seed: seed, stream: phase, index: index)
        let base = own[index % own.count]
        if index < own.count {
            return FuzzCase(
                bytes: base.bytes, context: base.context, chunkSize: random.within(1...64), origin: [base.name])
        }
        let partner = random.oneIn(2) ? random.pick(own) : random.pick(corpus.seeds)
        var bytes = base.bytes
        let mutations = Mutator.mutate(&bytes, &random, partner: partner.bytes)
        let context = mutateContext(base.context, &random)
        // Mostly small chunks, which cut every token and character; sometimes one byte.
        let chunk = random.oneIn(4) ? 1 : random.pick([2, 3, 7, 13, 64, 4096, random.within(1...max(1, bytes.count))])
        let origin = mutations.contains("splice") ? [base.name, partner.name] : [base.name]
        return FuzzCase(bytes: bytes, context: context, chunkSize: chunk, origin: origin, mutations: mutations)
    }

    func mutateContext(_ context: ParseContext, _ random: inout FuzzRandom) -> ParseContext {
        var context = context
        if random.oneIn(4), let zone = random.pick(Self.zones) {
            context.zone = try? DeclaredZone(name: zone.0, basis: zone.1)
        } else if random.oneIn(8) {
            context.zone = nil
        }
        if random.oneIn(4) { context.dateOrder = random.oneIn(4) ? nil : random.pick(DateOrder.allCases) }
        if random.oneIn(8) { context.fileName = random.pick(Self.fileNames) }
        if random.oneIn(8) { context.exhibit = random.oneIn(2) ? nil : "E0042" }
        if random.oneIn(8) { context.platform = random.oneIn(2) ? nil : random.pick(Platform.allCases) }
        if random.oneIn(8) { context.fileModified = random.pick([nil, "2022-03-18T11:56:00Z", "not a time"]) }
        return context
    }
}
