import Archive

/// grep-like output: `session:line:time:text` for matches, `session-line-time-text` for context,
/// `--` between groups; or one JSON object per match.
struct SearchPrinter {
    var json: Bool
    var color: Bool

    func print(_ hits: [SearchHit], context: Bool) {
        let out = StandardOutput()
        for (index, hit) in hits.enumerated() {
            if json {
                out.write(jsonObject(hit) + "\n")
                continue
            }
            if context && index > 0 { out.write(color ? "\u{1B}[36m--\u{1B}[0m\n" : "--\n") }
            let label = hit.sessionName ?? String(hit.session)
            for line in hit.contextBefore { out.write(contextLine(label, line)) }
            out.write(matchLine(label, hit))
            for line in hit.contextAfter { out.write(contextLine(label, line)) }
        }
        out.flush()
    }

    private func prefix(_ label: String, _ number: Int64, _ time: Int64, separator: String) -> String {
        let parts = [label, String(number), formatTime(time)]
        if color {
            return parts.map { "\u{1B}[35m\($0)\u{1B}[0m" }.joined(separator: "\u{1B}[36m\(separator)\u{1B}[0m") + "\u{1B}[36m\(separator)\u{1B}[0m"
        }
        return parts.joined(separator: separator) + separator
    }

    private func matchLine(_ label: String, _ hit: SearchHit) -> String {
        prefix(label, hit.line, hit.timestamp, separator: ":") + (color ? highlighted(hit.text, hit.matches) : hit.text) + "\n"
    }

    private func contextLine(_ label: String, _ line: ExportedLine) -> String {
        prefix(label, line.number, line.timestamp, separator: "-") + line.text + "\n"
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

    private func jsonObject(_ hit: SearchHit) -> String {
        func lineObject(_ line: ExportedLine) -> String {
            "{\"line\":\(line.number),\"time\":\(jsonString(isoTime(line.timestamp))),\"text\":\(jsonString(line.text))}"
        }
        let matches = hit.matches.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",")
        return "{\"session\":\(hit.session),\"session_name\":\(jsonOptional(hit.sessionName)),\"line\":\(hit.line),"
            + "\"time\":\(jsonString(isoTime(hit.timestamp))),\"text\":\(jsonString(hit.text)),\"matches\":[\(matches)],"
            + "\"before\":[\(hit.contextBefore.map(lineObject).joined(separator: ","))],"
            + "\"after\":[\(hit.contextAfter.map(lineObject).joined(separator: ","))]}"
    }
}

