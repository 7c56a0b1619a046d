/// Gives the numbers of a header's date their meaning: which is the year, in which calendar
/// (docs/TIMELINE.md §5.2), and which the day and month in a given order.
enum WhatsAppDateReader {
    struct Reading: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var calendar: CalendarSystem
        /// The order actually applied: year-first dates are always `ymd`.
        var order: DateOrder
    }

    /// The Gregorian year a written year names, with the calendar it was written in.
    static func year(_ f: WhatsAppHeader.DateField) -> (Int, CalendarSystem)? {
        if let era = f.era {
            guard f.value >= 1 else { return nil }
            switch era {
            case .reiwa: return (2018 + f.value, .japanese)
            case .heisei: return f.value <= 31 ? (1988 + f.value, .japanese) : nil
            case .showa: return f.value <= 64 ? (1925 + f.value, .japanese) : nil
            }
        }
        switch f.digits {
        case 4:
            if f.value >= 2400 { return (f.value - 543, .buddhist) }
            return f.value >= 1900 ? (f.value, .gregorian) : nil
        case 2:
            // WhatsApp did not exist in 1950–1999; Thai phones write two-digit Buddhist years.
            return f.value < 50 ? (2000 + f.value, .gregorian) : (1957 + f.value, .buddhist)
        default:
            return nil
        }
    }

    /// The date in `order` (applied to year-last dates, and to two-digit year-first ones when
    /// `order` is `ymd`), or nil when it is not a valid date that way.
    static func read(_ d: [WhatsAppHeader.DateField], order: DateOrder, yearFirst: Bool) -> Reading? {
        let applied: DateOrder = yearFirst ? .ymd : order
        let (yf, mf, df): (WhatsAppHeader.DateField, WhatsAppHeader.DateField, WhatsAppHeader.DateField)
        switch applied {
        case .dmy: (yf, mf, df) = (d[2], d[1], d[0])
        case .mdy: (yf, mf, df) = (d[2], d[0], d[1])
        case .ymd: (yf, mf, df) = (d[0], d[1], d[2])
        }
        guard mf.era == nil, df.era == nil, mf.digits <= 2, df.digits <= 2, let (y, cal) = year(yf),
            (1...12).contains(mf.value), (1...LocalDateTime.days(inMonth: mf.value, year: y)).contains(df.value)
        else { return nil }
        return Reading(year: y, month: mf.value, day: df.value, calendar: cal, order: applied)
    }
}
