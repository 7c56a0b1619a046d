/// What an open element of a Telegram Desktop HTML page means to the reader: where its text
/// goes, or that its text is the exporter's decoration (docs/TIMELINE.md §9).
enum TelegramRole: Equatable {
    /// Passes text to the element around it.
    case none
    /// Text inside is not read: user pictures' initials, the time shown next to a message.
    case ignore
    case headerTitle
    case message
    case date
    case fromName
    case forwardedBody
    case forwardedName
    case reply
    case text
    case serviceText
    /// A generic media block (`media clearfix pull_left media_file`…).
    case media
    case mediaTitle
    case mediaDescription
    case mediaStatus
    case poll
    case pollLine

    var collects: Bool {
        switch self {
        case .headerTitle, .fromName, .forwardedName, .text, .serviceText, .mediaTitle, .mediaDescription, .mediaStatus,
            .pollLine:
            return true
        default:
            return false
        }
    }
}
