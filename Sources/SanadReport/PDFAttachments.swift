import Foundation
import SanadCrypto
import SanadModel

/// Adds to a PDF cairo wrote what cairo cannot write: files attached to the document (the
/// verifier's JSON report, VERIFY.txt), a document information dictionary with a valid date, and
/// a file identifier. It appends one incremental update (ISO 32000-1 §7.5.6): cairo's bytes stay
/// as they are, followed by the new objects, their cross-reference section and a trailer that
/// points back to cairo's. Every value comes from the report's inputs, so the bytes are the same
/// on every run.
struct PDFAttachments {
    struct File {
        var name: String
        var mime: String
        var description: String
        var bytes: [UInt8]
    }

    struct Info {
        var title: String
        var author: String
        var subject: String
        var creator: String
        /// As PDF writes dates: `D:20260304100000Z`.
        var date: String
    }

    /// What cairo's trailer says, and where its catalog dictionary is.
    private struct Trailer {
        var size: Int
        var startxref: Int
        var catalog: [UInt8]
    }

    static func append(_ files: [File], info: Info, to pdf: [UInt8]) throws(SanadError) -> [UInt8] {
        guard let trailer = Self.trailer(pdf) else {
            throw SanadError(.internalError, "the PDF cairo wrote has no cross-reference table Sanad can extend")
        }
        var out = pdf
        if out.last != 0x0A { out.append(0x0A) }
        var offsets: [Int] = []
        var next = trailer.size
        func object(_ body: [UInt8]) -> Int {
            offsets.append(out.count)
            out += Array("\(next) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
            next += 1
            return next - 1
        }
        // Attachments in name order: the name tree's keys must be sorted (ISO 32000-1 §7.9.6).
        var specs: [(name: String, ref: Int)] = []
        for f in files.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
            let head: String =
                "<< /Type /EmbeddedFile /Subtype /\(Self.nameEscape(f.mime)) /Params << /Size \(f.bytes.count) >> "
                + "/Length \(f.bytes.count) >>\nstream\n"
            let stream = object(Array(head.utf8) + f.bytes + Array("\nendstream".utf8))
            let name = Self.text(f.name)
            let spec: String =
                "<< /Type /Filespec /F \(name) /UF \(name) /Desc \(Self.text(f.description)) "
                + "/EF << /F \(stream) 0 R /UF \(stream) 0 R >> /AFRelationship /Supplement >>"
            specs.append((f.name, object(Array(spec.utf8))))
        }
        let names = specs.map { "\(Self.text($0.name)) \($0.ref) 0 R" }.joined(separator: " ")
        let refs = specs.map { "\($0.ref) 0 R" }.joined(separator: " ")
        let tail: String = " /Names << /EmbeddedFiles << /Names [\(names)] >> >> /AF [\(refs)] >>"
        let catalog = object(Array("<<".utf8) + trailer.catalog + Array(tail.utf8))
        var infoText = "<< /Title \(Self.text(info.title)) /Author \(Self.text(info.author)) "
        infoText += "/Subject \(Self.text(info.subject)) /Creator \(Self.text(info.creator)) "
        infoText += "/Producer \(Self.text("cairo, pango; \(info.creator)")) "
        infoText += "/CreationDate (\(info.date)) /ModDate (\(info.date)) >>"
        let infoRef = object(Array(infoText.utf8))
        let xref = out.count
        var table = "xref\n\(trailer.size) \(offsets.count)\n"
        for o in offsets { table += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        // The file identifier: derived from the content, so the same report has the same one.
        let id = String(MessageDigest.sha256Hex(pdf).prefix(32))
        table +=
            "trailer\n<< /Size \(next) /Root \(catalog) 0 R /Info \(infoRef) 0 R /Prev \(trailer.startxref) "
            + "/ID [<\(id)> <\(id)>] >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Array(table.utf8)
        return out
    }

    /// A PDF text string: UTF-16BE with its byte order mark, in hex, so that no byte of a name or
    /// a case id can close the string or be read as anything else.
    static func text(_ s: String) -> String {
        var hex = "<FEFF"
        for unit in s.utf16 { hex += String(format: "%04X", unit) }
        return hex + ">"
    }

    /// A PDF name: `/` and delimiters written as `#xx`.
    static func nameEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let plain = (0x21...0x7E).contains(b) && !Array("#/()<>[]{}%".utf8).contains(b)
            out += plain ? String(UnicodeScalar(b)) : String(format: "#%02X", b)
        }
        return out
    }

    /// cairo's last cross-reference table, its size, and the body of its catalog dictionary.
    private static func trailer(_ pdf: [UInt8]) -> Trailer? {
        guard let sx = lastRange(of: "startxref", in: pdf),
            let startxref = Int(word(after: sx.upperBound, in: pdf)), startxref < pdf.count,
            let tr = range(of: "trailer", in: pdf, from: startxref),
            let sizeAt = range(of: "/Size", in: pdf, from: tr.upperBound),
            let size = Int(word(after: sizeAt.upperBound, in: pdf)),
            let rootAt = range(of: "/Root", in: pdf, from: tr.upperBound),
            let root = Int(word(after: rootAt.upperBound, in: pdf)), root > 0, root < size
        else { return nil }
        // The table: "xref\n0 SIZE\n" and then SIZE entries of 20 bytes.
        guard let first = range(of: "\n", in: pdf, from: startxref),
            let second = range(of: "\n", in: pdf, from: first.upperBound)
        else { return nil }
        let entry = second.upperBound + root * 20
        guard entry + 10 <= pdf.count, let at = Int(String(decoding: pdf[entry..<(entry + 10)], as: UTF8.self)),
            at < pdf.count,
            let open = range(of: "<<", in: pdf, from: at),
            let end = range(of: "endobj", in: pdf, from: open.upperBound),
            let close = lastRange(of: ">>", in: Array(pdf[open.upperBound..<end.lowerBound]))
        else { return nil }
        let body = Array(pdf[open.upperBound..<(open.upperBound + close.lowerBound)])
        // A catalog that already has a name tree or attachments is not one cairo 1.16 writes.
        guard range(of: "/Names", in: body, from: 0) == nil, range(of: "/AF", in: body, from: 0) == nil else {
            return nil
        }
        return Trailer(size: size, startxref: startxref, catalog: body)
    }

    private static func word(after index: Int, in bytes: [UInt8]) -> String {
        var i = index
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        var j = i
        while j < bytes.count, (0x30...0x39).contains(bytes[j]) { j += 1 }
        return String(decoding: bytes[i..<j], as: UTF8.self)
    }

    private static func range(of needle: String, in bytes: [UInt8], from start: Int) -> Range<Int>? {
        let n = Array(needle.utf8)
        guard n.count <= bytes.count, start <= bytes.count - n.count else { return nil }
        var i = start
        while i <= bytes.count - n.count {
            if bytes[i] == n[0], Array(bytes[i..<(i + n.count)]) == n { return i..<(i + n.count) }
            i += 1
        }
        return nil
    }

    private static func lastRange(of needle: String, in bytes: [UInt8]) -> Range<Int>? {
        let n = Array(needle.utf8)
        guard n.count <= bytes.count else { return nil }
        var i = bytes.count - n.count
        while i >= 0 {
            if bytes[i] == n[0], Array(bytes[i..<(i + n.count)]) == n { return i..<(i + n.count) }
            i -= 1
        }
        return nil
    }
}
