import FoundationEssentials
import Glibc

/// Times like `2h`, `30m`, `3d`, `1w` (ago), `2026-11-20`, or ISO 8601 with a time; in ms
/// since the epoch.
public func parseTime(_ text: String, now: Date = Date()) -> Int64? {
    let trimmed = trimmingSpaces(text)
    if let unit = trimmed.last, let amount = Double(trimmed.dropLast()), amount >= 0 {
        let seconds: Double?
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86400
        case "w": seconds = amount * 604800
        default: seconds = nil
        }
        if let seconds { return Int64((now.timeIntervalSince1970 - seconds) * 1000) }
    }
    return parseCalendarTime(trimmed)
}

/// `2026-11-20`, `2026-11-20 14:30`, `2026-11-20T14:30:05`, `…05.250`, each with `Z` or an
/// offset (`+01:00`, `-0500`) or without one, meaning local time; in ms since the epoch. Nil
/// for anything else, including dates that do not exist (`2026-02-30`).
///
/// Parsed by hand with timegm/mktime rather than Foundation's formatters: they live in the part
/// of Foundation that brings ICU with it, which made the binary 78 MB instead of 29 MB and
/// every command start 2 ms later, for one flag.
public func parseCalendarTime(_ text: Substring) -> Int64? {
    var rest = Array(text.utf8)[...]
    func take(_ byte: UInt8) -> Bool {
        guard rest.first == byte else { return false }
        rest.removeFirst()
        return true
    }
    func number(_ digits: Int) -> Int32? {
        guard rest.count >= digits else { return nil }
        var value: Int32 = 0
        for byte in rest.prefix(digits) {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int32(byte - 0x30)
        }
        rest.removeFirst(digits)
        return value
    }
    guard let year = number(4), take(0x2D), let month = number(2), take(0x2D), let day = number(2) else { return nil }
    var hour: Int32 = 0, minute: Int32 = 0, second: Int32 = 0, milliseconds: Int64 = 0
    if take(0x54) || take(0x20) {  // "T" or " "
        guard let h = number(2), take(0x3A), let m = number(2) else { return nil }
        hour = h
        minute = m
        if take(0x3A) {
            guard let s = number(2) else { return nil }
            second = s
            if take(0x2E) || take(0x2C) {  // a decimal point or comma: fractions of a second
                var scale: Int64 = 100
                guard let first = rest.first, first >= 0x30 && first <= 0x39 else { return nil }
                while let digit = rest.first, digit >= 0x30 && digit <= 0x39 {
                    milliseconds += Int64(digit - 0x30) * scale
                    scale /= 10
                    rest.removeFirst()
                }
            }
        }
    }
    var offsetSeconds: Int? = nil
    if take(0x5A) || take(0x7A) {  // "Z"
        offsetSeconds = 0
    } else if let sign = rest.first, sign == 0x2B || sign == 0x2D {
        rest.removeFirst()
        guard let h = number(2) else { return nil }
        _ = take(0x3A)
        guard let m = number(2), h < 24, m < 60 else { return nil }
        offsetSeconds = (sign == 0x2D ? -1 : 1) * (Int(h) * 3600 + Int(m) * 60)
    }
    guard rest.isEmpty, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }

    var parts = tm()
    parts.tm_year = year - 1900
    parts.tm_mon = month - 1
    parts.tm_mday = day
    parts.tm_hour = hour
    parts.tm_min = minute
    parts.tm_sec = second
    let seconds: Int
    if let offsetSeconds {
        seconds = timegm(&parts) - offsetSeconds
    } else {
        parts.tm_isdst = -1  // the zone's rule for that date decides
        seconds = mktime(&parts)
    }
    // Both normalise out-of-range days (February 30th becomes March 2nd): such a date does not exist.
    guard parts.tm_mday == day && parts.tm_mon == month - 1 else { return nil }
    return Int64(seconds) * 1000 + milliseconds
}

/// The text without leading and trailing spaces and tabs.
public func trimmingSpaces(_ text: some StringProtocol) -> Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
    let end = text[start...].lastIndex { !isSpace($0) }.map { text.index(after: $0) } ?? start
    return Substring(text[start..<end])
}
