import ArgumentParser
import FoundationEssentials
import Glibc

/// Sizes like `16MiB`, `512KiB`, `1G`, `1TiB`, `4096`: binary units, case-insensitive, optional `B`/`iB`.
func parseByteSize(_ text: String) -> Int? {
    let lowered = trimmingSpaces(text).lowercased()
    var digits = lowered.prefix { $0.isNumber || $0 == "." }
    guard !digits.isEmpty, let value = Double(digits) else { return nil }
    var unit = String(trimmingSpaces(lowered.dropFirst(digits.count)))
    for suffix in ["ib", "b"] where unit.hasSuffix(suffix) { unit = String(unit.dropLast(suffix.count)); break }
    let scale: Double
    switch unit {
    case "": scale = 1
    case "k": scale = 1024
    case "m": scale = 1_048_576
    case "g": scale = 1_073_741_824
    case "t": scale = 1_099_511_627_776
    default: return nil
    }
    digits = ""
    let bytes = value * scale
    guard bytes.isFinite, bytes >= 0, bytes < Double(Int.max) else { return nil }
    return Int(bytes)
}

/// `--scrollback-memory`: what `run` and `import` accept, and what they do with too little.
///
/// Below the minimum the page store could not hold the page being written plus one, so a
/// smaller budget (0 included) is raised to it, saying so; above the maximum is refused, as a
/// typo far more often than a wish (the archive keeps every line whatever the budget).
enum ScrollbackMemory {
    static let minimum = 1 << 20
    static let maximum = 64 << 30
    static let range = "1MiB to 64GiB"

    /// Refuses text that is not a size, or a size above the maximum.
    static func validate(_ text: String) throws {
        guard let bytes = parseByteSize(text) else {
            throw ValidationError("--scrollback-memory '\(text)' is not a size: give \(range), e.g. 16MiB")
        }
        if bytes > maximum {
            throw ValidationError("--scrollback-memory '\(text)' is more than the maximum: give \(range) (the archive keeps every line whatever this is)")
        }
    }

    /// The budget in bytes for validated text, raised to the minimum with a warning on stderr.
    static func bytes(_ text: String) -> Int {
        let bytes = parseByteSize(text) ?? minimum  // validated: always a size
        if bytes < minimum {
            warn("--scrollback-memory \(text) raised to 1MiB, the minimum")
            return minimum
        }
        return bytes
    }
}

/// Times like `2h`, `30m`, `3d`, `1w` (ago), `2026-11-20`, or ISO 8601 with a time; in ms
/// since the epoch.
func parseTime(_ text: String, now: Date = Date()) -> Int64? {
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
func parseCalendarTime(_ text: Substring) -> Int64? {
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
func trimmingSpaces(_ text: some StringProtocol) -> Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let start = text.firstIndex { !isSpace($0) } ?? text.endIndex
    let end = text[start...].lastIndex { !isSpace($0) }.map { text.index(after: $0) } ?? start
    return Substring(text[start..<end])
}

func formatDuration(_ milliseconds: Int64) -> String {
    let seconds = milliseconds / 1000
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
    return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
}

/// `512 bytes`, `1.5 KiB`, `152 MiB`, `2.0 GiB`: binary units as `parseByteSize` reads them,
/// one decimal below 10 of a unit.
func formatByteSize(_ bytes: Int64) -> String {
    if bytes < 1024 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
    var value = Double(bytes)
    var unit = "bytes"
    for next in ["KiB", "MiB", "GiB", "TiB"] where value >= 1024 {
        value /= 1024
        unit = next
    }
    if value < 10 {
        let tenths = Int((value * 10).rounded())
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10) \(unit)" }
    }
    return "\(Int(value.rounded())) \(unit)"
}
