import SanadModel

/// Sets a report's parts on A4 pages: each part starts on a new page, in its language's
/// direction; paragraphs and messages break between lines, headings stay with what follows,
/// and every page but the first carries the running header (the cover shows the same facts)
/// and every page the footer "Page n"; the last page says how many there are.
///
/// One pass: each paragraph is laid out, drawn and let go, so that memory does not grow with the
/// report. (Naming the total on every page would mean laying everything out twice, or keeping
/// every page's layout until the end: twice the time, or 10 KB of memory per message.)
final class ReportTypesetter {
    static let margin = 54.0
    static let top = 64.0
    static let bottom = PDFDocument.pageHeight - 56
    static let width = PDFDocument.pageWidth - 2 * margin

    /// The document drawn on; nil for the shadow that lays out ahead (ReportLayouter).
    let doc: PDFDocument!
    /// Where paragraphs come from when another thread lays them out, and where the shadow puts them.
    private var source: ReportLayouter?
    private var sink: ReportLayouter?
    private var fonts: PDFFonts?
    private var drawing: Bool { doc != nil }
    private var page = 0
    private var y = top
    private var language = ReportLanguage.en
    private var headerLayout: (text: String, language: ReportLanguage, layout: PDFText)?
    private var header = ""
    private var footer: (Int, ReportLanguage) -> String = { _, _ in "" }

    /// A typesetter that draws on `doc`, taking its paragraphs from `source` when there is one.
    init(doc: PDFDocument, source: ReportLayouter? = nil) {
        self.doc = doc
        self.source = source
    }

    /// The shadow: lays out every paragraph with `fonts` and hands it to `sink`, drawing nothing.
    init(layouts fonts: PDFFonts, sink: ReportLayouter) {
        doc = nil
        self.fonts = fonts
        self.sink = sink
    }

    /// Sets every part, then `end(pages, language)` as the last paragraph; returns the number of pages.
    func set(
        _ parts: [ReportPart], footer: @escaping (Int, ReportLanguage) -> String,
        end: (Int, ReportLanguage) -> String
    ) -> Int {
        self.footer = footer
        page = 0
        for part in parts {
            language = part.language
            header = part.header
            newPage()
            for block in part.blocks { place(block) }
        }
        guard drawing else { return page }
        // The closing line may itself need a new page: set it with the count it will have.
        let closing = local(end(page, language), font: Font.subheading)
        if y + 14 + closing.height > Self.bottom {
            place(.paragraph(end(page + 1, language)))
        } else {
            flow(closing, before: 14, after: 0)
        }
        finishPage()
        return page
    }

    // MARK: Pages

    private func newPage() {
        if page > 0 { finishPage() }
        page += 1
        y = Self.top
        guard drawing, page > 1 else { return }
        // One layout for the part's header, drawn on each of its pages.
        if headerLayout?.text != header || headerLayout?.language != language {
            headerLayout = (header, language, local(header, font: Font.small))
        }
        guard let head = headerLayout?.layout else { return }
        doc.draw(head, x: Self.margin, y: 22, lines: 0..<min(head.lineCount, 2), gray: 0.35)
        doc.line(from: (Self.margin, 54), to: (Self.margin + Self.width, 54))
    }

    private func finishPage() {
        guard drawing, page > 0 else { return }
        let foot = local(footer(page, language), font: Font.small, align: .center)
        doc.draw(foot, x: Self.margin, y: Self.bottom + 22, lines: 0..<foot.lineCount, gray: 0.35)
        doc.showPage()
    }

    private func ensure(_ height: Double) {
        if y + height > Self.bottom, y > Self.top { newPage() }
    }

    // MARK: Blocks

    private func place(_ block: ReportBlock) {
        switch block {
        case .title(let t):
            flow(layout(t, font: Font.title), before: 0, after: 10)
        case .heading(let t):
            ensure(80)
            flow(layout(t, font: Font.heading), before: 14, after: 6)
        case .subheading(let t):
            ensure(50)
            flow(layout(t, font: Font.subheading), before: 8, after: 3)
        case .paragraph(let t):
            flow(layout(t, font: Font.body), before: 0, after: 6)
        case .lead(let title, let body, let code):
            ensure(40)
            // The fingerprint is a paragraph of its own, left to right, whatever the part's direction.
            let text = title + "\n" + body + "\n\u{2066}" + code + "\u{2069}"
            let codeStart = text.utf8.count - code.utf8.count - 6
            let spans: [PDFDocument.Span] = [
                .init(bytes: 0..<title.utf8.count, bold: true),
                .init(bytes: codeStart..<text.utf8.count, size: Font.mono.size, mono: true),
            ]
            flow(layout(text, font: Font.body, spans: spans), before: 4, after: 6)
        case .banner(let t, let failed, let lang):
            let own = language
            language = lang
            banner(t, failed: failed)
            language = own
        case .verbatim(let t):
            flow(layout(t, font: Font.small, direction: .automatic), before: 0, after: 6)
        case .code(let t):
            let text = layout(t, font: Font.mono, direction: .leftToRight, align: language.rightToLeft ? .right : .left)
            flow(text, before: 0, after: 6)
        case .check(let mark, let t):
            check(mark, t)
        case .message(let meta, let sender, let text):
            message(meta: meta, sender: sender, text: text)
        case .qr(let data, let caption):
            qr(data, caption: caption)
        case .signature(let labels):
            for label in labels {
                ensure(44)
                flow(layout(label, font: Font.body), before: 8, after: 22)
                if drawing { doc.line(from: (Self.margin, y), to: (Self.margin + Self.width, y), gray: 0) }
                y += 4
            }
        case .space(let h):
            y += h
        case .pageBreak:
            newPage()
        }
    }

    /// Places a paragraph line by line, breaking the page between lines.
    private func flow(_ text: PDFText, x: Double = margin, before: Double, after: Double, gray: Double = 0) {
        y += before
        var from = 0
        while from < text.lineCount {
            var to = from
            let start = text.line(from).top
            while to < text.lineCount, y + (text.line(to).top + text.line(to).height - start) <= Self.bottom { to += 1 }
            if to == from {
                // Not even one line fits: a new page (a line taller than a page is set anyway).
                if y > Self.top {
                    newPage()
                    continue
                }
                to = from + 1
            }
            if drawing { doc.draw(text, x: x, y: y, lines: from..<to, gray: gray) }
            let last = text.line(to - 1)
            y += last.top + last.height - start
            from = to
            if from < text.lineCount { newPage() }
        }
        y += after
    }

    private func banner(_ t: String, failed: Bool) {
        let text = layout(t, font: Font.banner, width: Self.width - 20)
        ensure(min(text.height + 20, 200))
        let top = y
        if drawing, text.height + 20 < Self.bottom - y {
            doc.fill(x: Self.margin, y: y, width: Self.width, height: text.height + 16, gray: failed ? 0.85 : 0.94)
            doc.stroke(x: Self.margin, y: y, width: Self.width, height: text.height + 16, lineWidth: failed ? 2 : 0.8)
        }
        flow(text, x: Self.margin + 10, before: 8, after: 0)
        y = max(y, top + text.height + 16) + 10
    }

    private func check(_ mark: ReportMark, _ t: String) {
        let indent = 20.0
        let text = layout(t, font: Font.body, width: Self.width - indent)
        ensure(min(text.height, 36))
        let boxX = language.rightToLeft ? Self.margin + Self.width - 11 : Self.margin
        if drawing { drawMark(mark, x: boxX, y: y + 2) }
        flow(text, x: language.rightToLeft ? Self.margin : Self.margin + indent, before: 0, after: 5)
    }

    /// The box of a checklist line, its mark drawn as lines (no font has to have ✓ or ✗): the
    /// outcome is also in the line's words, which is what copies out of the PDF.
    private func drawMark(_ mark: ReportMark, x: Double, y: Double) {
        doc.stroke(x: x, y: y, width: 10, height: 10, lineWidth: mark == .fail ? 1.6 : 0.7)
        switch mark {
        case .pass:
            doc.line(from: (x + 2, y + 5.5), to: (x + 4.2, y + 8), lineWidth: 1.4, gray: 0)
            doc.line(from: (x + 4.2, y + 8), to: (x + 8.4, y + 2), lineWidth: 1.4, gray: 0)
        case .fail:
            doc.line(from: (x + 2, y + 2), to: (x + 8, y + 8), lineWidth: 1.6, gray: 0)
            doc.line(from: (x + 8, y + 2), to: (x + 2, y + 8), lineWidth: 1.6, gray: 0)
        case .warn:
            doc.line(from: (x + 5, y + 1.8), to: (x + 5, y + 6), lineWidth: 1.4, gray: 0)
            doc.fill(x: x + 4.3, y: y + 7.2, width: 1.4, height: 1.4, gray: 0)
        case .info:
            doc.fill(x: x + 4.3, y: y + 2, width: 1.4, height: 1.4, gray: 0)
            doc.line(from: (x + 5, y + 4.2), to: (x + 5, y + 8.4), lineWidth: 1.4, gray: 0)
        case .blank: break
        }
    }

    /// A message: the line about it with its sender (small, grey, left to right), then its text in
    /// its own direction (an Arabic message to the right). Two plain layouts: pango sets them a
    /// quarter faster than one with differently styled spans.
    private func message(meta: String, sender: String, text: String) {
        let indent = 12.0
        let head = layout(
            meta + " · " + sender, font: Font.small, width: Self.width - indent, direction: .leftToRight, align: .left)
        let body = layout(text, font: Font.message, width: Self.width - indent, direction: .automatic, align: .left)
        ensure(head.height + min(body.height, 30) + 6)
        let x = Self.margin + indent
        let top = y
        flow(head, x: x, before: 2, after: 1, gray: 0.35)
        flow(body, x: x, before: 0, after: 0)
        if drawing, y > top {
            doc.line(from: (Self.margin + 2, top + 2), to: (Self.margin + 2, y), lineWidth: 1.2, gray: 0.6)
        }
        y += 7
    }

    private func qr(_ data: String, caption: String) {
        let size = 112.0
        ensure(size + 8)
        let qrX = language.rightToLeft ? Self.margin + Self.width - size : Self.margin
        if drawing { _ = doc.qr(data, x: qrX, y: y, size: size) }
        let text = layout(caption, font: Font.small, width: Self.width - size - 16)
        let top = y
        flow(text, x: language.rightToLeft ? Self.margin : Self.margin + size + 16, before: 12, after: 0, gray: 0.2)
        y = max(y, top + size) + 8
    }

    // MARK: Text

    /// A block's paragraph: taken from the thread laying them out ahead when there is one, laid
    /// out here otherwise. The shadow and the drawing typesetter call this in the same order.
    private func layout(
        _ s: String, font: Font, width: Double = width, direction: PDFText.Direction? = nil,
        align: PDFText.Alignment? = nil, spans: [PDFDocument.Span] = []
    ) -> PDFText {
        if let source, let made = source.next() { return made }
        let rtl = language.rightToLeft
        let a = align ?? (font.centered ? .center : (rtl ? .right : .left))
        let d = direction ?? (rtl ? .rightToLeft : .leftToRight)
        if let fonts, let sink {
            let made = fonts.text(
                s, font: font.description(language), width: width, align: a, direction: d, spans: spans)
            sink.put(made)
            return made
        }
        return doc.text(s, font: font.description(language), width: width, align: a, direction: d, spans: spans)
    }

    /// A paragraph of the page itself (header, footer, closing line), laid out here.
    private func local(_ s: String, font: Font, align: PDFText.Alignment? = nil) -> PDFText {
        let rtl = language.rightToLeft
        return doc.text(
            s, font: font.description(language), width: Self.width,
            align: align ?? (font.centered ? .center : (rtl ? .right : .left)),
            direction: rtl ? .rightToLeft : .leftToRight)
    }
}
