import SanadModel

/// One event found by a search.
public struct SearchHit: Equatable, Sendable {
    /// 1-based position in the ranking, counting from the first hit of the search (not of
    /// the page, when an offset was given).
    public var rank: Int
    /// FTS5's bm25 relevance with Sanad's column weights, negated so that higher is better.
    /// Comparable only within one search.
    public var score: Double
    public var snippet: SearchSnippet
    /// The event as the timeline writes it: one RFC 8785 canonical JSON object, no final LF.
    public var eventJSON: String

    public init(rank: Int, score: Double, snippet: SearchSnippet, eventJSON: String) {
        self.rank = rank
        self.score = score
        self.snippet = snippet
        self.eventJSON = eventJSON
    }

    /// The event as a `.jsonl` line, byte for byte the timeline's line (its number included).
    public var eventLine: [UInt8] { Array(eventJSON.utf8) + [0x0A] }

    /// The event as a JSON value, to nest in other output.
    public func event() throws(SanadError) -> JSONValue {
        do {
            return try JSONParser.parse(Array(eventJSON.utf8))
        } catch {
            throw SanadError(
                .ioError, "search index: a stored event is not valid JSON (\(error))",
                hint: "Delete the index file; Sanad rebuilds it from the workspace.")
        }
    }
}
