import Dispatch
import Foundation
import SanadCrypto
import SanadModel

/// A large export is read on two cores: the survey as two halves cut at a message header near
/// the middle, and, when that header starts a timed event, the event pass as the same two
/// halves (docs/TIMELINE.md §8.5). The results are those of one pass, byte for byte.
extension WhatsAppTextParser: PartitionedParser {
    /// A header line longer than this is not looked at for a cut.
    static let maxCutLine = 64 << 10
    /// How far past the middle a header is looked for.
    static let cutWindow: Int64 = 4 << 20

    public func plan(_ input: some RangedByteInput) throws(SanadError) -> WhatsAppPlan {
        guard let split = try splitSurvey(input) else {
            let survey = try survey(input)
            return WhatsAppPlan(survey: survey, parts: [Self.whole(survey)])
        }
        let survey = split.survey
        guard let parts = split.parts else { return WhatsAppPlan(survey: survey, parts: [Self.whole(survey)]) }
        // An undecided file is read in one part: its events have no time to cut at.
        guard let order = readingOrder(survey).0 else {
            return WhatsAppPlan(survey: survey, parts: [Self.whole(survey)])
        }
        guard
            try startsTimedEvent(
                input, at: parts[1].range.lowerBound, previousBreak: parts[1].previousBreak, survey: survey,
                order: order)
        else { return WhatsAppPlan(survey: survey, parts: [Self.whole(survey)]) }
        return WhatsAppPlan(survey: survey, parts: parts)
    }

    public func partCount(_ plan: WhatsAppPlan) -> Int { plan.parts.count }

    public func parse(
        _ input: some RangedByteInput, plan: WhatsAppPlan, part: Int,
        _ each: (TimelineEvent) throws(SanadError) -> Void
    ) throws(SanadError) {
        let p = plan.parts[part]
        try readEvents(RangeSlice(base: input, range: p.range), survey: plan.survey, part: p, index: part, each)
    }

    private static func whole(_ survey: WhatsAppSurvey) -> WhatsAppPlan.Part {
        WhatsAppPlan.Part(range: 0..<survey.size, firstLine: 1, previousBreak: -1, sha256: survey.sha256)
    }

    /// Whether the line at `offset` begins an event with a date and time in `order`.
    private func startsTimedEvent(
        _ input: some RangedByteInput, at offset: Int64, previousBreak: Int, survey: WhatsAppSurvey,
        order: DateOrder
    ) throws(SanadError) -> Bool {
        guard
            WhatsAppEventBuilder.isHeaderCandidate(
                crlfFramed: survey.crlfFramed, previousEndedBareLF: previousBreak == 1),
            let line = try Self.line(input, at: offset)
        else { return false }
        var scanner = WhatsAppHeaderScanner()
        guard let header = line.withUnsafeBytes({ scanner.scan($0) }) else { return false }
        return WhatsAppEventBuilder.reading(header, order: order).local != nil
    }

    /// The line at `offset` without its break, if it ends within `maxCutLine` bytes.
    private static func line(_ input: some RangedByteInput, at offset: Int64) throws(SanadError) -> [UInt8]? {
        var bytes: [UInt8] = []
        let size = try input.byteCount()
        try input.forEachChunk(from: offset, to: min(size, offset + Int64(maxCutLine))) {
            (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            bytes += chunk
        }
        guard let lf = bytes.firstIndex(of: 0x0A) else { return offset + Int64(bytes.count) == size ? bytes : nil }
        let end = lf > 0 && bytes[lf - 1] == 0x0D ? lf - 1 : lf
        return Array(bytes[0..<end])
    }

    /// Where to cut a file of `size` bytes: the first line after the middle that is a message
    /// header (within `cutWindow`), or else just after the first LF at or after the middle.
    private func cut(_ input: some RangedByteInput, size: Int64) throws(SanadError) -> WhatsAppCut? {
        let middle = size / 2
        var window: [UInt8] = []
        try input.forEachChunk(from: middle - 1, to: min(size, middle + Self.cutWindow)) {
            (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            window += chunk
        }
        var fallback: WhatsAppCut?
        var scanner = WhatsAppHeaderScanner()
        var i = 1  // window[i] is the byte at `middle`
        while i < window.count {
            guard let lf = window[i...].firstIndex(of: 0x0A) else { break }
            let start = lf + 1
            let previousBreak = window[lf - 1] == 0x0D ? 2 : 1
            guard start < window.count else { break }
            let offset = middle - 1 + Int64(start)
            if fallback == nil { fallback = WhatsAppCut(offset: offset, previousBreak: previousBreak, atHeader: false) }
            let next = window[start...].firstIndex(of: 0x0A)
            if let next, next - start <= Self.maxCutLine {
                let end = next > start && window[next - 1] == 0x0D ? next - 1 : next
                let isHeader = window.withUnsafeBytes { raw in
                    scanner.scan(UnsafeRawBufferPointer(rebasing: raw[start..<end])) != nil
                }
                if isHeader { return WhatsAppCut(offset: offset, previousBreak: previousBreak, atHeader: true) }
            }
            i = start
        }
        return fallback
    }

    /// The survey of a large file as two parts read at once, cut by `cut`; nil for a small
    /// file or one with no line break after the middle. The survey is the one-pass survey:
    /// evidence adds up and line numbers continue. When the cut is at a header, the two parts
    /// (with their own digests) are returned for the event pass too.
    func splitSurvey(
        _ input: some RangedByteInput
    ) throws(SanadError) -> (survey: WhatsAppSurvey, parts: [WhatsAppPlan.Part]?)? {
        let size = try input.byteCount()
        guard size >= splitSurveyBytes, size >= 2, let cut = try cut(input, size: size), cut.offset < size else {
            return nil
        }
        let split = cut.offset
        let box = SurveyBox(parts: [
            WhatsAppSurveyPart(offset: 0, previousBreak: -1),
            WhatsAppSurveyPart(offset: split, previousBreak: cut.previousBreak),
        ])
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            Self.surveyPart(k, of: input, cut: cut, size: size, into: box)
        }
        if let failure = box.failures.compactMap({ $0 }).first { throw failure }
        guard box.hashed == size else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
        var whole = box.parts[0]
        let linesBefore = whole.lines
        whole.append(box.parts[1])
        let survey = Self.survey(whole, sha256: box.sha256, size: size)
        guard cut.atHeader, let first = box.partSHA256[0], let second = box.partSHA256[1] else { return (survey, nil) }
        return (
            survey,
            [
                WhatsAppPlan.Part(range: 0..<split, firstLine: 1, previousBreak: -1, sha256: first),
                WhatsAppPlan.Part(
                    range: split..<size, firstLine: linesBefore + 1, previousBreak: cut.previousBreak, sha256: second),
            ]
        )
    }

    /// One half of a split survey; the first half's reader also hashes the whole file.
    private static func surveyPart(
        _ k: Int, of input: some RangedByteInput, cut: WhatsAppCut, size: Int64, into box: SurveyBox
    ) {
        let split = cut.offset
        do throws(SanadError) {
            var part = box.parts[k]
            let own = try MessageDigest(.sha256)
            if k == 0 {
                // The first half's reader also hashes the whole file, in order.
                let digest = try MessageDigest(.sha256)
                var count: Int64 = 0
                try input.forEachChunk(from: 0, to: split) { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                    digest.update(chunk)
                    if cut.atHeader { own.update(chunk) }
                    count += Int64(chunk.count)
                    try part.feed(chunk)
                }
                try part.finish()
                try input.forEachChunk(from: split, to: size) {
                    (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                    digest.update(chunk)
                    count += Int64(chunk.count)
                }
                box.set(sha256: digest.finalizeHex(), size: count)
            } else {
                try input.forEachChunk(from: split, to: size) {
                    (chunk: UnsafeRawBufferPointer) throws(SanadError) in
                    if cut.atHeader { own.update(chunk) }
                    try part.feed(chunk)
                }
                try part.finish()
            }
            if cut.atHeader { box.set(partSHA256: own.finalizeHex(), at: k) }
            box.set(part, at: k)
        } catch {
            box.fail(error, at: k)
        }
    }
}

/// A stretch of a ranged input, read as an input of its own.
struct RangeSlice<Base: RangedByteInput>: ByteInput {
    let base: Base
    let range: Range<Int64>
    var label: String { base.label }

    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws(SanadError) -> Void) throws(SanadError) {
        try base.forEachChunk(from: range.lowerBound, to: range.upperBound, body)
    }
}
