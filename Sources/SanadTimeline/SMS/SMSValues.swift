/// Attribute values as SMS Backup & Restore writes them: every database column is written,
/// and a missing one is the literal `null` (docs/TIMELINE.md §8.1).
enum SMSValues {
    static func isNull(_ raw: some Collection<UInt8>) -> Bool {
        raw.elementsEqual("null".utf8)
    }

    /// The decoded value of `key`, or nil when absent, `null`, empty or not UTF-8.
    static func string(_ tag: MarkupTag, _ key: StaticString) -> String? {
        guard let raw = tag.raw(key), !raw.isEmpty, !isNull(raw) else { return nil }
        return MarkupText.string(raw)
    }

    /// A whole number (`date`, `type`, `duration`); nil when absent, `null` or not a number.
    static func integer(_ tag: MarkupTag, _ key: StaticString) -> Int64? {
        guard let raw = tag.raw(key), !raw.isEmpty, raw.count <= 19 else { return nil }
        var value: Int64 = 0
        var negative = false
        for (n, c) in raw.enumerated() {
            if n == 0, c == 0x2D, raw.count > 1 {
                negative = true
                continue
            }
            guard (0x30...0x39).contains(c) else { return nil }
            // 19 digits can exceed Int64: such a number is not a value, not a crash.
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(c - 0x30))
            guard !o1, !o2 else { return nil }
            value = next
        }
        return negative ? -value : value
    }
}
