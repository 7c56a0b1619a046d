/// A WhatsApp message header as written, before the file's date order gives it a meaning.
struct WhatsAppHeader {
    enum Style { case android, ios }
    enum Meridiem { case am, pm }
    enum Era { case showa, heisei, reiwa }

    /// One number of a date, as written.
    struct DateField: Equatable {
        var value: Int
        var digits: Int
        var era: Era?
    }

    var style: Style
    /// The three numbers of the date in the order written.
    var date: [DateField]
    var hour: Int
    var minute: Int
    var second: Int?
    var meridiem: Meridiem?
    /// The sender's name as written, marks removed; nil for a system notice.
    var sender: String?
    /// Byte offset, in the line, of what follows the stamp (`Sara: hi`, or a notice).
    var restStart: Int
    /// Byte offset, in the line, of the text after `Name: ` (equal to `restStart` without a sender).
    var textStart: Int
    /// The text begins with U+200E, which iOS puts before notices.
    var textStartsWithLRM: Bool

    /// A date whose first number has four digits or an era is year-first, whatever the
    /// file's order: a year is never read as a day or a month.
    var isYearFirst: Bool { date[0].era != nil || date[0].digits >= 3 }

    /// The hour on a 24-hour clock, or nil when it is impossible (`13 PM`, `25:00`).
    var hour24: Int? {
        switch meridiem {
        case nil: return hour < 24 ? hour : nil
        case .am?: return hour <= 12 ? hour % 12 : nil
        case .pm?: return hour <= 12 ? hour % 12 + 12 : nil
        }
    }
}
