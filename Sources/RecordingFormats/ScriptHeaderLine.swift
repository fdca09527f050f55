/// script(1)'s first line, e.g.
/// `Script started on 2026-11-24 16:17:59+00:00 [COMMAND="echo hi" TERM="xterm" TTY="/dev/pts/2" COLUMNS="90" LINES="33"]`
/// and its last, e.g. `Script done on 2026-11-24 16:18:02+00:00 [COMMAND_EXIT_CODE="0"]`
/// (util-linux 2.35+). Older versions wrote a ctime-style date, no size and no exit code; then
/// only what is found is used.
enum ScriptHeaderLine {
    static let marker = Array("Script started on ".utf8)
    static let footerMarker = Array("\nScript done on ".utf8)

    static func header(from line: [UInt8]) -> RecordingHeader {
        let text = String(decoding: line, as: UTF8.self)
        var header = RecordingHeader()
        header.columns = quotedInteger(named: "COLUMNS", in: text)
        header.rows = quotedInteger(named: "LINES", in: text)
        let afterMarker = text.dropFirst(marker.count)
        header.startTime = parseTimestamp(String(afterMarker.prefix(25)))
        return header
    }

    /// The end time and exit status from the footer line (`footerMarker` without its leading
    /// "\n", up to the line's end).
    static func ending(fromFooter line: ArraySlice<UInt8>) -> RecordingEnding {
        let text = String(decoding: line, as: UTF8.self)
        let afterMarker = text.dropFirst(footerMarker.count - 1)
        var ending = RecordingEnding()
        ending.endTime = parseTimestamp(String(afterMarker.prefix(25)))
        ending.exitStatus = quotedInteger(named: "COMMAND_EXIT_CODE", in: text, after: "[").map { Int32(clamping: $0) }
        return ending
    }

    /// `NAME="123"` anywhere in the bracketed part.
    private static func quotedInteger(named name: String, in text: String, after separator: String = " ") -> Int? {
        guard let range = text.firstRange(of: "\(separator)\(name)=\"") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }

    /// "YYYY-MM-DD HH:MM:SS+HH:MM" (also with "T" or a "Z") to Unix seconds; nil otherwise.
    static func parseTimestamp(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<from + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var offsetSeconds = 0
        if bytes.count >= 25, bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"),
           let offsetHours = number(20, 2), let offsetMinutes = number(23, 2) {
            offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60
            if bytes[19] == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
        }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
