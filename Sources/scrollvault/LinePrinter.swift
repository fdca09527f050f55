import Archive
import ArgumentParser
import TimeText

/// Prints archived lines as `export` and `show` do: plain text, text with its colours, or one
/// JSON object per line (`"provisional": true` for a line still on a recording's screen).
struct LinePrinter {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ansi, json }

    let format: Format
    let timestamps: Bool
    /// Archives hold time 0 for a blank line older recorders never saw written: it shows the
    /// time of the line before it (for a first line, what the caller gives: the session's start).
    var previousTime: Int64 = 0

    mutating func print(_ line: ExportedLine, to out: StandardOutput) {
        var line = line
        if line.timestamp == 0 { line.timestamp = previousTime }
        previousTime = line.timestamp
        switch format {
        case .text:
            if timestamps { out.write("[\(formatTime(line.timestamp))] ") }
            out.write(line.text)
            out.write("\n")
        case .ansi:
            if timestamps { out.write("[\(formatTime(line.timestamp))] ") }
            out.write(Self.ansiText(line))
            out.write("\n")
        case .json:
            var object = JSONObject(capacity: line.text.utf8.count + 96)
            object.field("number", line.number)
            object.field("time", isoTime(line.timestamp))
            object.field("text", line.text)
            object.field("mark", Self.markName(line.semanticMark))
            if line.stream == .error { object.field("stream", "stderr") }
            if line.provisional { object.field("provisional", true) }
            out.write(object.closed() + "\n")
        }
    }

    /// A gap in the session: output shown but not archived (`scrollvault pause`).
    func printPause(_ span: PauseSpan, to out: StandardOutput) {
        switch format {
        case .text, .ansi:
            let until = span.resumedAt.map { " to \(formatTime($0))" } ?? ""
            out.write("[scrollvault: output not archived from \(formatTime(span.pausedAt))\(until) (paused)]\n")
        case .json:
            var gap = JSONObject(capacity: 64)
            gap.field("from", isoTime(span.pausedAt))
            gap.field("to", span.resumedAt.map(isoTime))
            var object = JSONObject(capacity: 96)
            object.field("paused", json: gap.closed())
            out.write(object.closed() + "\n")
        }
    }

    static func markName(_ mark: UInt8) -> String {
        switch mark {
        case 1: "prompt"
        case 2: "input"
        case 3: "output"
        default: "none"
        }
    }

    /// The text with each style run wrapped in `ESC[0;<sgr>m … ESC[0m`.
    static func ansiText(_ line: ExportedLine) -> String {
        guard !line.styleRuns.isEmpty else { return line.text }
        let bytes = Array(line.text.utf8)
        var out: [UInt8] = []
        var position = 0
        for run in line.styleRuns {
            let start = Int(run.start), end = min(bytes.count, Int(run.start + run.length))
            guard start >= position, start < end else { continue }
            out += bytes[position..<start]
            out += Array("\u{1B}[0;\(run.sgr)m".utf8)
            out += bytes[start..<end]
            out += Array("\u{1B}[0m".utf8)
            position = end
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }
}
