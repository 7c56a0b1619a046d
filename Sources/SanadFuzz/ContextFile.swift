import SanadModel
import SanadTimeline

/// A `ParseContext` as JSON, with the members of the fixtures' `NAME.options.json` (`exhibit`,
/// `file_name`, `file_modified`, `platform`, `zone` + `zone_basis`, `date_order`,
/// `attachment_exhibits`; others are ignored). Seeds are parsed with the context their fixture
/// declares, and a saved failing input carries the context it failed with, so that
/// `--replay` runs it the same way.
public enum ContextFile {
    public static func context(from json: JSONValue) -> ParseContext {
        var context = ParseContext(
            exhibit: json["exhibit"]?.stringValue, fileName: json["file_name"]?.stringValue,
            fileModified: json["file_modified"]?.stringValue)
        context.platform = json["platform"]?.stringValue.flatMap(Platform.init(rawValue:))
        context.dateOrder = json["date_order"]?.stringValue.flatMap(DateOrder.init(rawValue:))
        if let name = json["zone"]?.stringValue {
            let basis = json["zone_basis"]?.stringValue.flatMap(ZoneBasis.init(rawValue:)) ?? .declaredAtIngest
            context.zone = try? DeclaredZone(name: name, basis: basis)
        }
        for (file, exhibit) in json["attachment_exhibits"]?.objectValue ?? [:] {
            if let exhibit = exhibit.stringValue { context.attachmentExhibits[file] = exhibit }
        }
        return context
    }

    public static func json(_ context: ParseContext) -> JSONValue {
        .object([
            "exhibit": .optional(context.exhibit),
            "file_name": .optional(context.fileName),
            "file_modified": .optional(context.fileModified),
            "platform": .optional(context.platform?.rawValue),
            "zone": .optional(context.zone?.name),
            "zone_basis": .optional(context.zone?.basis.rawValue),
            "date_order": .optional(context.dateOrder?.rawValue),
            "attachment_exhibits": .object(context.attachmentExhibits.mapValues { .string($0) }),
        ])
    }
}
