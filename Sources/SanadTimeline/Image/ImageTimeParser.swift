import SanadCrypto
import SanadExif
import SanadModel

/// Reads when a photo or screenshot was taken (docs/TIMELINE.md §9): one `media` event for the
/// whole file, whose attachment is the image itself.
///
/// The time comes from the first source that has one, and the event says which
/// (`parser.time_from`): EXIF `DateTimeOriginal`, `DateTimeDigitized` or `DateTime` (with
/// `OffsetTime…` when the camera wrote it), read by libexif from a JPEG APP1 segment, a PNG
/// `eXIf` chunk or a HEIC `Exif` item; then a time in the file name (`Screenshot_20240115-213045.jpg`);
/// then the file's modification time recorded at ingest, flagged `weak`.
///
/// The file is streamed once to hash it, keeping only its first `headBytes`, where the
/// containers put their metadata; a HEIC whose `Exif` item lies further is read in a second
/// pass, which must see the same bytes.
public struct ImageTimeParser: TimelineParser {
    public static let name = "image-exif"
    public static let version = "1"
    public static let platform = Platform.other
    /// How much of the file's start is kept to find the metadata in.
    public static let headBytes = 4 << 20

    public let context: ParseContext

    public init(_ context: ParseContext) {
        self.context = context
    }

    public static func recognizes(prefix: [UInt8], fileName: String?) -> Bool {
        ImageFormat(prefix: prefix) != nil
    }

    public func parse(_ input: some ByteInput, _ each: (TimelineEvent) throws(SanadError) -> Void) throws(SanadError) {
        let digest = try MessageDigest(.sha256)
        var head: [UInt8] = []
        var size: Int64 = 0
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            size += Int64(chunk.count)
            if head.count < Self.headBytes { head.append(contentsOf: chunk.prefix(Self.headBytes - head.count)) }
        }
        guard size > 0 else { return }
        let sha256 = digest.finalizeHex()
        let source = EventSource(exhibit: context.exhibit, sha256: sha256, offset: 0, length: size, line: 1)
        let conversation = Conversation(title: nil, participants: [])
        guard let format = ImageFormat(prefix: head) else {
            // Not an image this parser reads: the whole file, unread.
            try each(
                TimelineEvent(
                    time: nil, localTime: nil, zone: nil, platform: context.platform ?? Self.platform,
                    conversation: conversation, sender: nil, kind: .unparsed, text: nil, source: source,
                    parser: parserInfo, reason: .malformed))
            return
        }
        var tiff: [UInt8]?
        switch ExifLocator.locate(format, head: head, fileSize: size) {
        case .tiff(let block): tiff = block
        case .heifItem(let offset, let length):
            let payload = try Self.read(input, offset: offset, length: length, sha256: sha256)
            tiff = ExifLocator.tiff(fromHEIFItem: payload)
        case .none: tiff = nil
        }
        let block = tiff.flatMap { ExifBlock(block: ExifLocator.exifHeader + $0) }
        let found = block.flatMap(ImageTime.fromExif) ?? fallbackTime()
        var info = parserInfo
        var reading: EventClock.Reading?
        var clock = EventClock(declared: context.zone)
        switch found?.value {
        case .local(let local)?: reading = clock.local(local)
        case .stated(let local, let offset, let ms)?:
            reading = clock.local(local, statedOffsetSeconds: offset, milliseconds: ms)
        case .instant(let ms)?: reading = clock.instant(epochMilliseconds: ms)
        case nil: reading = nil
        }
        if let found, reading != nil {
            info.timeFrom = found.source
            info.weak = found.source == .fileModified
        }
        let attachment =
            context.exhibit.map { EventAttachment(name: context.fileName, status: .linked, exhibit: $0, media: .image) }
            ?? EventAttachment(name: context.fileName, status: .named, media: .image)
        try each(
            TimelineEvent(
                time: reading?.time, localTime: reading?.localTime, zone: reading?.zone,
                platform: context.platform ?? Self.platform, conversation: conversation, sender: nil,
                kind: .media, text: nil, attachments: [attachment], source: source, parser: info))
    }

    /// Without EXIF: the file name's time, else the modification time recorded at ingest.
    private func fallbackTime() -> ImageTime? {
        if let name = context.fileName, let r = FileNameTime.read(name) {
            return ImageTime(
                value: r.utc ? .stated(r.local, offsetSeconds: 0, milliseconds: r.milliseconds) : .local(r.local),
                source: .fileName)
        }
        guard let written = context.fileModified, let parts = RFC3339.parse(written), let offset = parts.offsetSeconds
        else {
            return nil
        }
        return ImageTime(
            value: .instant((parts.localEpochSeconds - Int64(offset)) * 1000 + parts.milliseconds),
            source: .fileModified)
    }

    /// `length` bytes at `offset`, in a second pass that must see the file the first one hashed.
    private static func read(
        _ input: some ByteInput, offset: Int64, length: Int, sha256: String
    ) throws(SanadError) -> [UInt8] {
        let digest = try MessageDigest(.sha256)
        var out: [UInt8] = []
        var position: Int64 = 0
        try input.forEachChunk { (chunk: UnsafeRawBufferPointer) throws(SanadError) in
            digest.update(chunk)
            let start = max(offset, position), end = min(offset + Int64(length), position + Int64(chunk.count))
            if start < end { out.append(contentsOf: chunk[Int(start - position)..<Int(end - position)]) }
            position += Int64(chunk.count)
        }
        guard digest.finalizeHex() == sha256 else {
            throw SanadError(
                .ioError, "\(input.label) changed while it was being read",
                hint: "Parse the sealed or ingested copy, which cannot change, not the original file.")
        }
        return out
    }
}
