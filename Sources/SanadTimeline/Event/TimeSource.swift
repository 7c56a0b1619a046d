/// Where an event's time was read from, when a parser has more than one place to look
/// (docs/TIMELINE.md §2): a photo's EXIF tags, its file name or its modification time; a
/// Signal message's time of receipt when the export gives no time of sending.
public enum TimeSource: String, CaseIterable, Sendable {
    /// EXIF `DateTimeOriginal` (0x9003): when the picture was taken.
    case exifOriginal = "exif-original"
    /// EXIF `DateTimeDigitized` (0x9004): when it was stored digitally.
    case exifDigitized = "exif-digitized"
    /// EXIF `DateTime` (0x0132): when the file was last changed by the camera or an editor.
    case exifDateTime = "exif-datetime"
    /// A time written in the file name by the phone (`Screenshot_20240115-213045.jpg`).
    case fileName = "file-name"
    /// The file's modification time recorded at ingest: weak, as copying can change it.
    case fileModified = "file-mtime"
    /// The time the message was received, because the export states no time it was sent.
    case received
}
