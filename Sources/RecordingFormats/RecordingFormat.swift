/// The recorded-session formats `scrollvault import` reads.
public enum RecordingFormat: String, Sendable, CaseIterable {
    /// Bytes exactly as a terminal received them (a pty capture, whose line ends are already
    /// "\r\n"): a bare "\n" moves down without returning to the first column. No times.
    case raw
    /// Output a program wrote to a pipe or file (`cmd | scrollvault import -`, `cmd > file`):
    /// each "\n" ends a line, as a terminal with ONLCR shows it. No times.
    case text
    /// script(1)'s typescript: a "Script started on" line, the bytes, a "Script done on" line;
    /// times come from a separate timing file.
    case typescript
    /// asciinema's asciicast v2 or v3: a JSON header line, then one JSON event per line.
    case asciicast

    /// How many leading bytes `detect` looks at, at most.
    public static let detectionLength = 4096

    /// Guesses the format from the first bytes of a file: a first line holding a JSON object
    /// with a "version" member is asciicast; script(1)'s header line is typescript; anything
    /// else is text. Text is the fallback because input that is not a recording is almost
    /// always a program's output through a pipe, where no tty turned "\n" into "\r\n" (read
    /// as raw it stair-steps); a pty capture reads the same either way.
    public static func detect(prefix: [UInt8]) -> RecordingFormat {
        if prefix.starts(with: Array("Script started on ".utf8)) { return .typescript }
        var index = 0
        while index < prefix.count, prefix[index] == 0x20 || prefix[index] == 0x09 { index += 1 }
        guard index < prefix.count, prefix[index] == UInt8(ascii: "{") else { return .text }
        let firstLine = prefix[index...].prefix { $0 != 0x0A }
        return containsVersionMember(firstLine) ? .asciicast : .text
    }

    /// True when `line` holds `"version"` followed by `:` and a digit (JSON whitespace allowed).
    private static func containsVersionMember(_ line: ArraySlice<UInt8>) -> Bool {
        let key = Array("\"version\"".utf8)
        var start = line.startIndex
        while start + key.count <= line.endIndex {
            if line[start..<start + key.count].elementsEqual(key) {
                var index = start + key.count
                while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
                guard index < line.endIndex, line[index] == UInt8(ascii: ":") else { return false }
                index += 1
                while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
                return index < line.endIndex && (0x30...0x39).contains(line[index])
            }
            start += 1
        }
        return false
    }
}
