import Glibc

/// Fast time formatting for listings and exports of millions of lines (Foundation's formatters
/// cost microseconds each).
private func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

private func brokenDown(_ milliseconds: Int64, utc: Bool) -> tm {
    var seconds = time_t(milliseconds / 1000)
    var parts = tm()
    if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
    return parts
}

/// `2026-11-24 16:04:30` in local time.
public func formatTime(_ milliseconds: Int64) -> String {
    let t = brokenDown(milliseconds, utc: false)
    return "\(t.tm_year + 1900)-\(twoDigits(t.tm_mon + 1))-\(twoDigits(t.tm_mday)) \(twoDigits(t.tm_hour)):\(twoDigits(t.tm_min)):\(twoDigits(t.tm_sec))"
}

/// `2026-11-24T16:04:30.123Z`, for JSON.
public func isoTime(_ milliseconds: Int64) -> String {
    let t = brokenDown(milliseconds, utc: true)
    let ms = Int(((milliseconds % 1000) + 1000) % 1000)
    let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
    return "\(t.tm_year + 1900)-\(twoDigits(t.tm_mon + 1))-\(twoDigits(t.tm_mday))T\(twoDigits(t.tm_hour)):\(twoDigits(t.tm_min)):\(twoDigits(t.tm_sec)).\(msText)Z"
}
