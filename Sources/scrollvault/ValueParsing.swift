import Foundation

/// Sizes like `16MiB`, `512KiB`, `1G`, `4096`: binary units, case-insensitive, optional `B`/`iB`.
func parseByteSize(_ text: String) -> Int? {
    let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
    var digits = lowered.prefix { $0.isNumber || $0 == "." }
    guard !digits.isEmpty, let value = Double(digits) else { return nil }
    var unit = lowered.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
    for suffix in ["ib", "b"] where unit.hasSuffix(suffix) { unit = String(unit.dropLast(suffix.count)); break }
    let scale: Double
    switch unit {
    case "": scale = 1
    case "k": scale = 1024
    case "m": scale = 1_048_576
    case "g": scale = 1_073_741_824
    default: return nil
    }
    digits = ""
    let bytes = value * scale
    guard bytes.isFinite, bytes >= 0, bytes < Double(Int.max) else { return nil }
    return Int(bytes)
}

/// Times like `2h`, `30m`, `3d`, `1w` (ago), `2026-11-20`, or ISO 8601 with a time; in ms
/// since the epoch.
func parseTime(_ text: String, now: Date = Date()) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
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
    let iso = ISO8601DateFormatter()
    for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
        iso.formatOptions = options
        if let date = iso.date(from: trimmed) { return Int64(date.timeIntervalSince1970 * 1000) }
    }
    let local = DateFormatter()
    local.locale = Locale(identifier: "en_US_POSIX")
    local.timeZone = TimeZone.current
    for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
        local.dateFormat = format
        if let date = local.date(from: trimmed) { return Int64(date.timeIntervalSince1970 * 1000) }
    }
    return nil
}

func formatDuration(_ milliseconds: Int64) -> String {
    let seconds = milliseconds / 1000
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60)s" }
    return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
}
