import SanadModel

/// RFC 3339 UTC times with milliseconds, as `Timestamp.utc(epochMilliseconds:)` writes them,
/// without `gmtime_r` and `String(format:)`: a timeline formats one per event, a million per
/// large export.
enum UTCTime {
    static func string(epochMilliseconds ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilDate.fromDays(Int(days))
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ v: Int, _ width: Int, at start: Int) {
                var v = v
                for k in stride(from: start + width - 1, through: start, by: -1) {
                    out[k] = 0x30 + UInt8(v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0); out[4] = 0x2D; put(m, 2, at: 5); out[7] = 0x2D; put(d, 2, at: 8); out[10] = 0x54
            put(secondOfDay / 3600, 2, at: 11); out[13] = 0x3A; put(secondOfDay / 60 % 60, 2, at: 14); out[16] = 0x3A
            put(secondOfDay % 60, 2, at: 17); out[19] = 0x2E; put(millis, 3, at: 20); out[23] = 0x5A
            return 24
        }
    }
}
