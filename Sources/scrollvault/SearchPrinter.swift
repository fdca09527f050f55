import Archive
import TimeText

/// grep-like output: `session:line:text` for matches, `session-line-text` for context (the
/// time, with `--timestamps`, opens the text as `[2026-12-05 06:48:14] `), hits whose context
/// overlaps or touches merged into one group as grep merges them, `--` between groups; or one
/// JSON object per match.
struct SearchPrinter {
    var json: Bool
    var color: Bool
    var timestamps: Bool = false
    /// Which command each hit's line belongs to, for JSON's `command_id`.
    var commands = CommandOwners()

    func print(_ hits: [SearchHit], context: Bool) {
        let out = StandardOutput()
        if json {
            for hit in hits { out.write(jsonObject(hit) + "\n") }
        } else {
            for (index, group) in SearchGroup.merging(hits).enumerated() {
                if context && index > 0 { out.write(color ? "\u{1B}[36m--\u{1B}[0m\n" : "--\n") }
                for line in group.lines { out.write(text(of: line, label: group.label)) }
            }
        }
        out.flush()
    }

    private func text(of line: SearchGroup.Line, label: String) -> String {
        let separator = line.matches == nil ? "-" : ":"
        var out: String
        if color {
            let sep = "\u{1B}[36m\(separator)\u{1B}[0m"
            out = "\u{1B}[35m\(label)\u{1B}[0m\(sep)\u{1B}[32m\(line.number)\u{1B}[0m\(sep)"
        } else {
            out = label + separator + String(line.number) + separator
        }
        if timestamps { out += "[\(formatTime(line.timestamp))] " }
        if color, let matches = line.matches { out += highlighted(line.text, matches) } else { out += line.text }
        return out + "\n"
    }

    /// Bold red around each match (UTF-8 byte ranges), as grep --color does.
    private func highlighted(_ text: String, _ ranges: [Range<Int>]) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var position = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= position && range.upperBound <= bytes.count {
            out += bytes[position..<range.lowerBound]
            out += Array("\u{1B}[1;31m".utf8) + bytes[range] + Array("\u{1B}[0m".utf8)
            position = range.upperBound
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }

    /// `matches` and `match_bytes` hold the same UTF-8 byte ranges (`matches` is the name
    /// scripts may already use); `match_chars` counts Unicode scalars, as Python and jq index
    /// strings.
    private func jsonObject(_ hit: SearchHit) -> String {
        func lineObject(_ line: ExportedLine) -> String {
            var object = JSONObject(capacity: line.text.utf8.count + 64)
            object.field("line", line.number)
            object.field("time", isoTime(line.timestamp))
            object.field("text", line.text)
            return object.closed()
        }
        func pairs(_ ranges: [Range<Int>]) -> String {
            jsonArray(ranges.map { "[\($0.lowerBound),\($0.upperBound)]" })
        }
        let bytes = pairs(hit.matches)
        var object = JSONObject(capacity: hit.text.utf8.count + 256)
        object.field("session", hit.session)
        object.field("session_name", hit.sessionName)
        object.field("line", hit.line)
        object.field("time", isoTime(hit.timestamp))
        object.field("text", hit.text)
        object.field("matches", json: bytes)
        object.field("match_bytes", json: bytes)
        object.field("match_chars", json: pairs(Self.characterRanges(hit.matches, in: hit.text)))
        object.field("before", json: jsonArray(hit.contextBefore.map(lineObject)))
        object.field("after", json: jsonArray(hit.contextAfter.map(lineObject)))
        if let command = commands.command(of: hit) { object.field("command_id", command) }
        if let host = hit.host { object.field("host", host) }
        if hit.provisional { object.field("provisional", true) }
        return object.closed()
    }

    /// UTF-8 byte ranges of `text` as Unicode scalar offsets.
    static func characterRanges(_ ranges: [Range<Int>], in text: String) -> [Range<Int>] {
        let utf8 = Array(text.utf8)
        func scalars(before offset: Int) -> Int {
            utf8[..<min(offset, utf8.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        return ranges.map { scalars(before: $0.lowerBound)..<scalars(before: $0.upperBound) }
    }
}

/// A run of consecutive lines of one session to print together: matches and their context.
/// Hits next to each other in the output whose lines overlap or touch become one group, printed
/// in line order whichever order the hits came in.
struct SearchGroup {
    struct Line {
        var number: Int64
        var timestamp: Int64
        var text: String
        /// Byte ranges of the matches; nil for a context line.
        var matches: [Range<Int>]?
    }

    var session: Int64
    /// The host of a team server's hit (session ids repeat across hosts); nil for local ones.
    var host: String?
    var label: String
    private(set) var lines: [Line]

    var first: Int64 { lines.first!.number }
    var last: Int64 { lines.last!.number }

    init(_ hit: SearchHit) {
        session = hit.session
        host = hit.host
        label = (hit.sessionName ?? String(hit.session)) + (hit.host.map { "@" + $0 } ?? "")
        func context(_ line: ExportedLine) -> Line { Line(number: line.number, timestamp: line.timestamp, text: line.text, matches: nil) }
        lines = hit.contextBefore.map(context)
            + [Line(number: hit.line, timestamp: hit.timestamp, text: hit.text, matches: hit.matches)]
            + hit.contextAfter.map(context)
    }

    /// Takes `other`'s lines in when both are of one session and their lines overlap or touch.
    mutating func absorb(_ other: SearchGroup) -> Bool {
        guard other.session == session, other.host == host, other.first <= last + 1, first <= other.last + 1 else { return false }
        var byNumber: [Int64: Line] = [:]
        for line in lines + other.lines {
            // A line that is a match in either group is a match.
            if let existing = byNumber[line.number], existing.matches != nil { continue }
            byNumber[line.number] = line
        }
        lines = byNumber.values.sorted { $0.number < $1.number }
        return true
    }

    static func merging(_ hits: [SearchHit]) -> [SearchGroup] {
        var groups: [SearchGroup] = []
        for hit in hits {
            let group = SearchGroup(hit)
            if !groups.isEmpty, groups[groups.count - 1].absorb(group) { continue }
            groups.append(group)
        }
        return groups
    }
}
