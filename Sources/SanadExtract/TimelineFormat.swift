import Foundation
import SanadModel

/// `sanad timeline --format`.
public enum TimelineFormat: String, CaseIterable, Sendable {
    case table, csv, json, jsonl, html

    /// The format a file's name asks for (`.html`, `.csv`, `.json`, `.jsonl`, `.txt`), or nil.
    public init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "html", "htm": self = .html
        case "csv": self = .csv
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonl
        case "txt": self = .table
        default: return nil
        }
    }

    /// A renderer for this format.
    /// `local`: times as the phone showed them (table and HTML).
    public func renderer(csvBOM: Bool = true, local: Bool = false) -> any TimelineRenderer {
        switch self {
        case .table: return TableRenderer(local: local)
        case .csv: return CSVRenderer(bom: csvBOM)
        case .json: return JSONRenderer()
        case .jsonl: return JSONLRenderer()
        case .html: return HTMLRenderer(local: local)
        }
    }
}

/// Writes a sorted timeline in one format. `event` gets each event's canonical JSON line
/// (LF included), in order.
public protocol TimelineRenderer {
    mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError)
    mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError)
    mutating func end(_ out: OutputSink) throws(SanadError)
}

/// JSON Lines: each event's canonical line, nothing else (docs/TIMELINE.md §1).
public struct JSONLRenderer: TimelineRenderer {
    public init() {}
    public mutating func begin(_ header: TimelineHeader, _ out: OutputSink) throws(SanadError) {}
    public mutating func event(_ line: UnsafeRawBufferPointer, _ out: OutputSink) throws(SanadError) {
        try out.write(line)
    }
    public mutating func end(_ out: OutputSink) throws(SanadError) {}
}
