import SanadModel

/// The survey's evidence from one stretch of lines. A large file is surveyed as two parts on
/// two cores, whose evidence then adds up to exactly what one pass would have found.
struct WhatsAppSurveyPart {
    var splitter: LineSplitter
    var scanner = WhatsAppHeaderScanner()
    var afterCRLF = HeaderEvidence(), afterBareLF = HeaderEvidence()
    /// Lines in the part (numbered from 1 within it).
    var lines = 0
    /// The break of the line before: -1 at the start of the file, 1 LF, 2 CRLF.
    var previousBreak: Int
    var headersAfterCRLF = 0

    init(offset: Int64, previousBreak: Int) {
        splitter = LineSplitter(maxLine: Int(WhatsAppTextParser.maxEventBytes), offset: offset)
        self.previousBreak = previousBreak
    }

    // The splitter is moved out while it works (not copied: a copy would share its carried
    // bytes, and the next append would copy them all, once per chunk).
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(SanadError) {
        var splitter = LineSplitter(maxLine: 0)
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.feed(chunk) { (line: TextLine) throws(SanadError) in take(line) }
    }

    mutating func finish() throws(SanadError) {
        var splitter = LineSplitter(maxLine: 0)
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        try splitter.finish { (line: TextLine) throws(SanadError) in take(line) }
    }

    private mutating func take(_ line: TextLine) {
        lines = line.number
        defer { previousBreak = line.breakLength }
        guard !line.isPiece, let header = scanner.scan(line.content) else { return }
        if previousBreak == 2 { headersAfterCRLF += 1 }
        if previousBreak == 1 { afterBareLF.add(header, line: line) } else { afterCRLF.add(header, line: line) }
    }

    /// Adds a later part, whose line numbers continue this part's.
    mutating func append(_ later: WhatsAppSurveyPart) {
        afterCRLF.merge(later.afterCRLF.shifted(by: lines))
        afterBareLF.merge(later.afterBareLF.shifted(by: lines))
        headersAfterCRLF += later.headersAfterCRLF
        lines += later.lines
        previousBreak = later.previousBreak
    }
}
