/// The date-and-time part of a header: `18/03/2022, 14:56`, `3/18/22, 2:56 PM`,
/// `١٨/٣/٢٠٢٢، ٢:٥٦ م`, `14:56:01, 18/03/2022`, `R4/03/18 14:56:01`, `2022/03/18 午後2:56:01`.
struct WhatsAppStamp {
    var date: [WhatsAppHeader.DateField]
    var hour: Int
    var minute: Int
    var second: Int?
    var meridiem: WhatsAppHeader.Meridiem?
}

extension WhatsAppHeaderScanner {
    /// A date and a time, in either order.
    static func stamp(_ c: inout ScalarCursor) -> WhatsAppStamp? {
        let start = c.i
        if let d = date(&c), dateTimeSeparator(&c), let t = time(&c) {
            return WhatsAppStamp(date: d, hour: t.hour, minute: t.minute, second: t.second, meridiem: t.meridiem)
        }
        c.i = start
        if let t = time(&c), dateTimeSeparator(&c), let d = date(&c) {
            return WhatsAppStamp(date: d, hour: t.hour, minute: t.minute, second: t.second, meridiem: t.meridiem)
        }
        c.i = start
        return nil
    }

    /// Three numbers with the same separator; `. ` and a final `.` too (`2022. 03. 18.`); or
    /// a day, an English month name and a four-digit year (`28 Aug 2013`, Android before 2014).
    static func date(_ c: inout ScalarCursor) -> [WhatsAppHeader.DateField]? {
        let start = c.i
        if let named = namedMonthDate(&c) { return named }
        c.i = start
        let era = self.era(&c)
        guard let f0 = c.number(digits: era == nil ? 1...4 : 1...2), let sep = c.take(anyOf: [0x2F, 0x2E, 0x2D]) else {
            return nil
        }
        if sep == 0x2E { _ = c.take(" ") }
        guard let f1 = c.number(digits: 1...2), c.take(anyOf: [sep]) != nil else { return nil }
        if sep == 0x2E { _ = c.take(" ") }
        // iOS with the Japanese calendar and month/day order puts the era year last: `3/18/R4`.
        let lastEra = era == nil ? self.era(&c) : nil
        guard let f2 = c.number(digits: lastEra == nil ? 1...4 : 1...2) else { return nil }
        if sep == 0x2E { _ = c.take(".") }
        if f2.digits == 4 { skipBuddhistEra(&c) }
        // Two numbers that can only be years make no date.
        guard !(f0.digits >= 3 && f2.digits >= 3), !(era != nil && f2.digits >= 3) else { return nil }
        return [
            .init(value: f0.value, digits: f0.digits, era: era), .init(value: f1.value, digits: f1.digits),
            .init(value: f2.value, digits: f2.digits, era: lastEra),
        ]
    }

    /// Built once: a header is scanned for every line of a file.
    private static let dayPeriods: [([UInt32], WhatsAppHeader.Meridiem?)] = [
        ("in the morning", .am), ("in the afternoon", .pm), ("in the evening", .pm), ("at night", nil),
    ].map { (Array($0.0.unicodeScalars.map(\.value)), $0.1) }
    /// `12:00 noon` and `12:00 midnight` (ICU's en-IE, en-ZA and en-GB day periods at twelve).
    private static let noon = Array("noon".unicodeScalars.map(\.value))
    private static let midnight = Array("midnight".unicodeScalars.map(\.value))
    private static let monthAbbreviations = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    private static let eras: [([UInt32], WhatsAppHeader.Era)] = [
        ([0x52], .reiwa), ([0x48], .heisei), ([0x53], .showa),
        ([0x4EE4, 0x548C], .reiwa), ([0x5E73, 0x6210], .heisei), ([0x662D, 0x548C], .showa),
    ]

    /// `28 Aug 2013`: the month's name leaves no order in question. It is given as a year-first
    /// date (year, month, day), which every reader takes in that order.
    private static func namedMonthDate(_ c: inout ScalarCursor) -> [WhatsAppHeader.DateField]? {
        guard let day = c.number(digits: 1...2), let p = c.peek, p == 0x20 || p == 0xA0, c.skipSpaces() == 1,
            let q = c.peek, (0x41...0x5A).contains(q) || (0x61...0x7A).contains(q)
        else { return nil }
        var letters: [UInt32] = []
        while let p = c.peek, (0x41...0x5A).contains(p) || (0x61...0x7A).contains(p), letters.count < 10 {
            letters.append(p)
            c.i += 1
        }
        let name = String(String.UnicodeScalarView(letters.compactMap(Unicode.Scalar.init))).lowercased()
        guard
            let month = monthAbbreviations.firstIndex(of: name) ?? monthNames.firstIndex(of: name)
                ?? (name == "sept" ? 8 : nil),
            c.skipSpaces() == 1, let year = c.number(digits: 4...4)
        else { return nil }
        return [
            .init(value: year.value, digits: 4), .init(value: month + 1, digits: 2),
            .init(value: day.value, digits: day.digits),
        ]
    }

    /// ` BE` or ` B.E.` after a four-digit year (iOS, Thai calendar, English language:
    /// `3/18/2565 BE`): the year is Buddhist already by its size, the letters only say so.
    private static func skipBuddhistEra(_ c: inout ScalarCursor) {
        let save = c.i
        guard c.take(" "), c.take("B") else { c.i = save; return }
        _ = c.take(".")
        guard c.take("E") else { c.i = save; return }
        _ = c.take(".")
        guard c.atWordEnd else { c.i = save; return }
    }

    /// A Japanese era before the year: `R4`, `H31`, `令和4`.
    private static func era(_ c: inout ScalarCursor) -> WhatsAppHeader.Era? {
        guard let p = c.peek, ScalarCursor.digitValue(p) == nil else { return nil }
        for (word, era) in eras {
            let save = c.i
            if c.take(word: word), let p = c.peek, ScalarCursor.digitValue(p) != nil { return era }
            c.i = save
        }
        return nil
    }

    /// `, ` or `، ` or spaces, optionally with a short word (`18/03/2022 à 14:56`).
    static func dateTimeSeparator(_ c: inout ScalarCursor) -> Bool {
        let comma = c.take(anyOf: [0x2C, 0x60C]) != nil
        let spaces = c.skipSpaces()
        guard comma || spaces > 0 else { return false }
        let save = c.i
        var probe = c
        if meridiemBefore(&probe) == nil {
            var letters = 0
            while let p = c.peek, ScalarCursor.isLetter(p), letters < 5 { c.i += 1; letters += 1 }
            if (1...4).contains(letters) {
                _ = c.take(".")
                if c.skipSpaces() > 0 { return true }
            }
        }
        c.i = save
        return true
    }

    static func time(
        _ c: inout ScalarCursor
    ) -> (hour: Int, minute: Int, second: Int?, meridiem: WhatsAppHeader.Meridiem?)? {
        var meridiem = meridiemBefore(&c)
        // (`in the morning` and its siblings come after the time; see `dayPeriod`.)
        if meridiem != nil { c.skipSpaces() }
        guard let h = c.number(digits: 1...2), let sep = c.take(anyOf: [0x3A, 0x2E]),
            let m = c.number(digits: 2...2)
        else { return nil }
        var second: Int?
        let save = c.i
        if c.take(anyOf: [sep]) != nil, let s = c.number(digits: 2...2) { second = s.value } else { c.i = save }
        if meridiem == nil {
            let before = c.i
            c.skipSpaces()
            meridiem = meridiemAfter(&c) ?? dayPeriod(&c, hour: h.value)
            if meridiem == nil { c.i = before }
        }
        return (h.value, m.value, second, meridiem)
    }

    /// English day periods some Android locales (en-IE, en-ZA) write instead of AM/PM:
    /// `9:15 in the morning`, `in the afternoon`, `in the evening`, `at night` (CLDR's
    /// flexible periods: night runs from 21:00 to 06:00, so `12` to `5 at night` are AM).
    static func dayPeriod(_ c: inout ScalarCursor, hour: Int) -> WhatsAppHeader.Meridiem? {
        // `i`n the …, `a`t night, `n`oon, `m`idnight
        guard let p = c.peek, p == 0x69 || p == 0x61 || p == 0x6E || p == 0x6D else { return nil }
        if hour == 12 {
            for (word, meridiem) in [(noon, WhatsAppHeader.Meridiem.pm), (midnight, .am)] {
                let save = c.i
                if c.take(word: word), c.atWordEnd { return meridiem }
                c.i = save
            }
        }
        for (phrase, meridiem) in dayPeriods {
            let save = c.i
            if c.take(word: phrase), c.atWordEnd {
                return meridiem ?? ((6...11).contains(hour) ? .pm : .am)
            }
            c.i = save
        }
        return nil
    }

    /// `午前`/`午後` (Japanese), `오전`/`오후` (Korean), `上午`/`下午` (Chinese), written before the time.
    static func meridiemBefore(_ c: inout ScalarCursor) -> WhatsAppHeader.Meridiem? {
        let words: [([UInt32], WhatsAppHeader.Meridiem)] = [
            ([0x5348, 0x524D], .am), ([0x5348, 0x5F8C], .pm), ([0xC624, 0xC804], .am), ([0xC624, 0xD6C4], .pm),
            ([0x4E0A, 0x5348], .am), ([0x4E0B, 0x5348], .pm),
        ]
        for (word, value) in words where c.take(word: word) { return value }
        return nil
    }

    /// `AM`/`PM` in any case, with or without dots and inner spaces (`a. m.`); Arabic `ص`/`م`;
    /// Vietnamese `SA`/`CH`. Each must end a word.
    static func meridiemAfter(_ c: inout ScalarCursor) -> WhatsAppHeader.Meridiem? {
        let start = c.i
        guard let p = c.peek else { return nil }
        switch p {
        case 0x61, 0x41, 0x70, 0x50:
            c.i += 1
            _ = c.take(".")
            c.skipSpaces()
            if c.take(anyOf: [0x6D, 0x4D]) != nil {
                _ = c.take(".")
                if c.atWordEnd { return p == 0x61 || p == 0x41 ? .am : .pm }
            }
        case 0x635, 0x645:
            c.i += 1
            if c.atWordEnd { return p == 0x635 ? .am : .pm }
        case 0x53, 0x43:
            if c.take(word: [0x53, 0x41]), c.atWordEnd { return .am }
            c.i = start
            if c.take(word: [0x43, 0x48]), c.atWordEnd { return .pm }
        default:
            break
        }
        c.i = start
        return nil
    }
}
