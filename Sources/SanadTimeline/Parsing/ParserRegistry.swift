import SanadModel

/// Every parser Sanad has, and which one reads a given file (docs/TIMELINE.md §7).
public enum ParserRegistry {
    /// How much of a file `recognizes` is shown.
    public static let prefixLength = 64 * 1024

    /// In the order they are asked: the first that recognises a file reads it. Stricter
    /// formats come first.
    public static let parsers: [any TimelineParser.Type] = [
        // Structured exports first: their recognisers look for the export's own member names.
        TelegramJSONParser.self,
        MetaMessagesParser.self,
        DiscordJSONParser.self,
        SMSBackupXMLParser.self,
        TelegramHTMLParser.self,
        // Before WhatsApp: signal-export's header is also a WhatsApp iOS header in year-first locales.
        SignalExportParser.self,
        SigtopTextParser.self,
        WhatsAppTextParser.self,
        ImageTimeParser.self,
    ]

    /// The parser for a file, or nil when no parser recognises it.
    public static func parser(prefix: [UInt8], fileName: String?) -> (any TimelineParser.Type)? {
        parsers.first { $0.recognizes(prefix: prefix, fileName: fileName) }
    }

    public static func parser(named name: String) -> (any TimelineParser.Type)? {
        parsers.first { $0.name == name }
    }
}
