import SanadModel
import SanadFormat

/// Takes the file's bytes in order: decides the format from the first 512 (or all, if fewer),
/// then feeds the profile parser until it stops.
final class ParserDriver {
    private weak var sink: ContainerEntrySink?
    private let deferCRC: Bool
    /// Checksums a zip's entries beside the parser (a mapped file only).
    private(set) var crcWorker: CRCWorker?
    private var head: [UInt8] = []
    private var parser: ContainerParser?
    private var violation: ContainerViolation?
    private var format: ContainerFormat?

    init(sink: ContainerEntrySink?, deferCRC: Bool) {
        self.sink = sink
        self.deferCRC = deferCRC
    }

    /// False once the file is known not to be in the profile: nothing more needs reading.
    func feed(_ block: UnsafeRawBufferPointer) -> Bool {
        if let parser {
            parser.consume(block)
            return parser.violation == nil
        }
        guard violation == nil else { return false }
        let take = min(TarLayout.block - head.count, block.count)
        head += block.prefix(take)
        guard head.count == TarLayout.block else { return true }
        guard start(deferCRC: deferCRC) else { return false }
        parser!.consume(UnsafeRawBufferPointer(rebasing: block[take...]))
        return parser!.violation == nil
    }

    /// `deferCRC` only while windows are still to come: a file shorter than 512 bytes is parsed
    /// at the end, after its only window has gone.
    private func start(deferCRC: Bool) -> Bool {
        guard let format = ContainerFormat.sniff(head) else {
            violation = ContainerViolation(.format, at: 0, ContainerFormat.describeForeign(head))
            return false
        }
        self.format = format
        if format == .zip, deferCRC { crcWorker = CRCWorker() }
        let parser = format.parser(sink: sink, crcWorker: crcWorker)
        self.parser = parser
        head.withUnsafeBytes { parser.consume($0) }
        return true
    }

    /// Reading failed: stop the CRC thread.
    func abandon() { crcWorker?.cancel() }

    func finish() throws(SanadError) -> ContainerScan {
        // Fewer than 512 bytes in all: a zip that short is still read; anything else is foreign.
        if parser == nil, violation == nil, start(deferCRC: false) {}
        if let parser, parser.violation == nil { parser.finish() }
        if let crcWorker {
            if let zip = parser as? ZipProfileParser, zip.violation == nil {
                zip.checkDeferredCRCs(crcWorker.finish())
            } else {
                crcWorker.cancel()
            }
        }
        return ContainerScan(
            format: format, entries: parser?.entries ?? [], violation: violation ?? parser?.violation, size: 0,
            sha256: nil, isRegularFile: false)
    }
}
