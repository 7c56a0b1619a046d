/// Byte strings that matter to some export format: structure that opens and never closes,
/// escapes that name impossible characters, headers with impossible dates. Inserted where a
/// parser least expects them.
enum MutationTokens {
    static let all: [[UInt8]] = (text + binary).map { Array($0.utf8) } + raw

    private static let text: [String] = [
        // WhatsApp headers: impossible dates and times, eras, digits in other scripts, 12-hour markers.
        "31/02/2022, 14:56 - Sara: hi\n", "[00/13/2022, 25:61:61] Omar: hi\r\n", "99/99/99, 99:99 - X: y\n",
        "18/03/2022, 14:56 - ", "[18/03/2022, 14:56:01] ", "[18/03/2022, 14:56:01]", "R4/03/18 14:56 - A: b\n",
        "١٨/٠٣/٢٠٢٢، ٢:٥٦ م - سارة: مرحبا\n", "2565-03-18 14:56 - A: b\n", "12/31/99, 13:05 PM - A: b\n",
        "00/00/0000, 00:00 - : \n", "1/1/1, 1:1 - A: b\n", "18/03/2022, 14:56 - \"\"\"\": x\n",
        "\u{200E}", "\u{200F}", "\u{FEFF}", "\u{202E}", "\u{2066}", "\u{00A0}", "\u{202F}",
        " - ", ": ", ", ", "\r", "\r\n", "\n\n", "<Media omitted>", "<attached: 00000001-PHOTO.jpg>",
        "(file attached)", "\u{200E}image omitted", "POLL:\n", "location: https://maps.google.com/?q=0,0",
        // JSON.
        "[", "]", "{", "}", "\"", "\\", "\\u", "\\ud800", "\\udfff\\ud800", "\\u0000", ":", ",", "null", "true",
        "1e999999", "-0", "0.0000000000000000000000001", "9223372036854775808", "-9223372036854775809",
        "{\"messages\":[", "{\"type\":\"message\",\"id\":-1,\"date\":\"\",\"date_unixtime\":\"99999999999999\"}",
        "\"text\":[{\"type\":\"link\",\"text\":{}}]", "\"from_id\":null", "\"timestamp_ms\":-1",
        "\"content\":\"\\u00d8\\u00a7\"", "\"participants\":[{}]", "{\"a\":", "]]]]", "}}}}",
        // HTML and XML.
        "<div", "<div class=\"message\">", "</div>", "<div class=\"pam _3-95 _2ph- _a6-g uiBoxWhite noborder\">",
        "<div class=\"message default clearfix\" id=\"message-1\">", "<div class=\"pull_right date details\" title=\"",
        "&#", "&#x", "&#0;", "&#x110000;", "&#xD800;", "&#99999999999;", "&amp", "&nbsp;", "&unknown;", "<!--",
        "-->", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>",
        "<smses count=\"-1\">", "<sms date=\"99999999999999999999\" body=\"", "<mms>",
        "<part ct=\"image/jpeg\" data=\"",
        "\"", "'", "<", ">", "/>", "=",
    ]

    /// Binary format markers: image headers and EXIF with broken lengths.
    private static let binary: [String] = ["Exif\u{0}\u{0}MM\u{0}*", "Exif\u{0}\u{0}II*\u{0}", "IHDR", "tEXt", "IEND"]

    private static let raw: [[UInt8]] = [
        [0x00], [0x00, 0x00, 0x00, 0x00], [0xFF], [0xFE, 0xFF], [0xFF, 0xFE], [0xEF, 0xBB, 0xBF],
        // Invalid UTF-8: overlong, surrogate, past U+10FFFF, lone continuation, truncated sequences.
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0x80], [0xBF], [0xE2, 0x80], [0xF0, 0x9F],
        [0xD8], [0xC2],
        // Image magic numbers.
        [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        [0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF],
    ]

    /// Numbers that break arithmetic: zero, negatives, limits of 32 and 64 bits, floats, exponents.
    static let numbers: [String] = [
        "0", "-1", "00", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "99999999999999999999999999999999", "1e308", "1e-400", "-0",
        "0x10", "1.5", "NaN", "١٢", "٣١", "۹۹", "2400", "1899", "10000",
    ]
}
