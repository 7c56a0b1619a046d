/// Collects date-order votes from every header of a file, then decides once.
struct DateOrderEvidence {
    private(set) var dmyOnly = 0, mdyOnly = 0, eitherDifferent = 0, yearFirst = 0, yearLast = 0
    private var firstDMY: Int?, firstMDY: Int?, firstEither: Int?, firstYearFirst: Int?

    mutating func add(_ header: WhatsAppHeader, line: Int) {
        if header.isYearFirst {
            yearFirst += 1
            if firstYearFirst == nil { firstYearFirst = line }
            return
        }
        yearLast += 1
        let dmy = WhatsAppDateReader.read(header.date, order: .dmy, yearFirst: false)
        let mdy = WhatsAppDateReader.read(header.date, order: .mdy, yearFirst: false)
        switch (dmy, mdy) {
        case (.some(let a), .some(let b)):
            if a != b.with(order: a.order) {
                eitherDifferent += 1
                if firstEither == nil { firstEither = line }
            }
        case (.some, nil):
            dmyOnly += 1
            if firstDMY == nil { firstDMY = line }
        case (nil, .some):
            mdyOnly += 1
            if firstMDY == nil { firstMDY = line }
        case (nil, nil):
            break  // impossible either way: it will be an unparsed event, not evidence
        }
    }

    /// Evidence from two parts of one file, as if collected in one pass.
    mutating func merge(_ other: DateOrderEvidence) {
        dmyOnly += other.dmyOnly
        mdyOnly += other.mdyOnly
        eitherDifferent += other.eitherDifferent
        yearFirst += other.yearFirst
        yearLast += other.yearLast
        func earliest(_ a: Int?, _ b: Int?) -> Int? { [a, b].compactMap { $0 }.min() }
        firstDMY = earliest(firstDMY, other.firstDMY)
        firstMDY = earliest(firstMDY, other.firstMDY)
        firstEither = earliest(firstEither, other.firstEither)
        firstYearFirst = earliest(firstYearFirst, other.firstYearFirst)
    }

    /// The same evidence with every line number moved down by `lines`.
    func shifted(by lines: Int) -> DateOrderEvidence {
        var e = self
        e.firstDMY = firstDMY.map { $0 + lines }
        e.firstMDY = firstMDY.map { $0 + lines }
        e.firstEither = firstEither.map { $0 + lines }
        e.firstYearFirst = firstYearFirst.map { $0 + lines }
        return e
    }

    var finding: DateOrderFinding {
        switch (firstDMY, firstMDY) {
        case (let d?, let m?): return .inconsistent(dmyLine: d, mdyLine: m)
        case (let d?, nil): return .decided(.dmy, .inferred, line: d)
        case (nil, let m?): return .decided(.mdy, .inferred, line: m)
        case (nil, nil):
            if let e = firstEither { return .ambiguous(line: e) }
            if yearLast == 0, let y = firstYearFirst {
                return .decided(.ymd, .inferred, line: y)
            }
            return .decided(.dmy, .immaterial, line: nil)
        }
    }
}

extension WhatsAppDateReader.Reading {
    func with(order: DateOrder) -> Self {
        var r = self
        r.order = order
        return r
    }
}
