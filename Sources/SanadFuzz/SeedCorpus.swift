import Foundation
import SanadModel
import SanadTimeline

/// One file of the corpus, with the context its fixture declares.
public struct Seed: Sendable {
    /// Path relative to the corpus folder: names the seed in reports.
    public let name: String
    public let bytes: [UInt8]
    public let context: ParseContext
    /// The parser the registry picks for it, nil when none recognises it.
    public let recognizedBy: String?
}

/// Every file under the corpus folder (`Tests/Fixtures` by default), grouped by the parser that
/// recognises it: a parser added to `ParserRegistry.parsers` with fixtures is fuzzed from its
/// own files with no change here. Goldens, options files and generators are seeds too: they
/// are the near-misses (JSON that is not an export, text that is not a chat) a parser must
/// turn down or read without failing.
public struct SeedCorpus: Sendable {
    /// Larger files are left out: mutants of them would leave no time for anything else.
    public static let maxSeedBytes = 4 << 20

    public let seeds: [Seed]

    public init(seeds: [Seed]) {
        self.seeds = seeds
    }

    public init(directory: String) throws(SanadError) {
        let root = URL(fileURLWithPath: directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SanadError(
                .pathNotFound, "corpus folder \(directory) does not exist",
                hint: "Run from the repository root, or give --corpus.")
        }
        var names: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let name = walker?.nextObject() as? String {
            let path = root.appendingPathComponent(name).path
            var dir: ObjCBool = false
            guard !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                FileManager.default.fileExists(atPath: path, isDirectory: &dir), !dir.boolValue
            else { continue }
            names.append(name)
        }
        var seeds: [Seed] = []
        for name in names.sorted() {
            let url = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), data.count <= Self.maxSeedBytes else { continue }
            let bytes = Array(data)
            let context = Self.context(for: url)
            let fileName = context.fileName ?? url.lastPathComponent
            let prefix = Array(bytes.prefix(ParserRegistry.prefixLength))
            let parser = ParserRegistry.parser(prefix: prefix, fileName: fileName)
            seeds.append(Seed(name: name, bytes: bytes, context: context, recognizedBy: parser?.name))
        }
        guard !seeds.isEmpty else {
            throw SanadError(
                .pathNotFound, "corpus folder \(directory) holds no files", hint: "Give --corpus a folder of fixtures.")
        }
        self.seeds = seeds
    }

    /// The seeds a parser's phase starts from: those it is picked for, or every seed when it has
    /// none (a parser whose fixtures are not merged yet is still fuzzed).
    public func seeds(for parser: String) -> [Seed] {
        let own = seeds.filter { $0.recognizedBy == parser }
        return own.isEmpty ? seeds : own
    }

    /// The `NAME.options.json` beside `NAME.ext` (also beside `NAME.events.jsonl` and the
    /// options file itself), or an empty context.
    static func context(for url: URL) -> ParseContext {
        let file = url.lastPathComponent
        var stem = file
        for suffix in [".events.jsonl", ".options.json"] where stem.hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
        }
        if stem == file, let dot = file.lastIndex(of: "."), dot != file.startIndex { stem = String(file[..<dot]) }
        let options = url.deletingLastPathComponent().appendingPathComponent(stem + ".options.json")
        guard let data = try? Data(contentsOf: options), let json = try? JSONParser.parse(Array(data)) else {
            return ParseContext()
        }
        return ContextFile.context(from: json)
    }
}
