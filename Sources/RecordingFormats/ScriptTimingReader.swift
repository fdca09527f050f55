import Glibc

/// script(1)'s timing file, read line by line.
///
/// Classic format (`script -t`, `-m classic`): `DELAY BYTES` per line — BYTES more bytes of the
/// typescript were written DELAY seconds after the previous entry.
/// Advanced format (`-m advanced`): `TYPE DELAY ...` with TYPE `O` (output, then BYTES), `I`
/// (input, then BYTES: those bytes live in the input log, not in the typescript), `S` (signal,
/// e.g. `S 0.5 SIGWINCH ROWS=30 COLS=100`) and `H` (facts: `H 0.0 COLUMNS 90` at the start,
/// `H 0.0 DURATION 3.25` and `H 0.0 EXIT_CODE 0` at the end).
final class ScriptTimingReader {
    enum Entry: Equatable {
        case output(delay: Double, byteCount: Int)
        case resize(delay: Double, columns: Int, rows: Int)
        /// Input, other signals, headers after the start: only time passes.
        case elapsed(delay: Double)
    }

    private static let lineLimit = 64 * 1024

    private let input: ImportInput
    private(set) var lineNumber = 0
    /// Facts from the leading `H` lines (advanced format).
    private(set) var header = RecordingHeader()
    /// Facts from the closing `H` lines (advanced format), once they have been read.
    private(set) var ending = RecordingEnding()
    private var lookahead: Entry?

    init(path: String) throws(ImportError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw ImportError(
                source: "timing file",
                reason: "cannot open '\(path)': \(String(cString: strerror(code)))")
        }
        input = ImportInput(fileDescriptor: descriptor, ownsDescriptor: true, source: "timing file")
        // Read the header facts up to the first real entry, which is kept for `next()`.
        while let line = try nextLine() {
            if let fact = headerFact(line) {
                apply(fact)
                continue
            }
            lookahead = try entry(from: line)
            break
        }
    }

    /// The next entry; nil at the end of the file.
    func next() throws(ImportError) -> Entry? {
        if let entry = lookahead {
            lookahead = nil
            return entry
        }
        guard let line = try nextLine() else { return nil }
        return try entry(from: line)
    }

    /// Where the last entry came from, for errors about it.
    func error(_ reason: String) -> ImportError {
        ImportError(source: "timing file", line: lineNumber, reason: reason)
    }

    private func nextLine() throws(ImportError) -> [Substring]? {
        while true {
            lineNumber += 1
            guard let bytes = try input.readLine(limit: Self.lineLimit, lineNumber: lineNumber) else {
                return nil
            }
            let fields = String(decoding: bytes, as: UTF8.self)
                .split(separator: " ", omittingEmptySubsequences: true)
            if !fields.isEmpty { return fields }
        }
    }

    private func headerFact(_ fields: [Substring]) -> (name: Substring, value: String)? {
        guard fields.count >= 3, fields[0] == "H" else { return nil }
        return (fields[2], fields.dropFirst(3).joined(separator: " "))
    }

    private func apply(_ fact: (name: Substring, value: String)) {
        switch fact.name {
        case "COLUMNS": header.columns = Int(fact.value)
        case "LINES": header.rows = Int(fact.value)
        case "START_TIME": header.startTime = ScriptHeaderLine.parseTimestamp(fact.value)
        default: applyClosing(fact)  // a recording without output has nothing in between
        }
    }

    private func applyClosing(_ fact: (name: Substring, value: String)) {
        switch fact.name {
        case "DURATION":
            if let seconds = Double(fact.value), seconds.isFinite, seconds >= 0 { ending.duration = seconds }
        case "EXIT_CODE":
            ending.exitStatus = Int32(fact.value)
        default: break
        }
    }

    private func entry(from fields: [Substring]) throws(ImportError) -> Entry {
        // Classic: DELAY BYTES.
        if let delay = Double(fields[0]) {
            guard fields.count == 2, let count = Int(fields[1]), count >= 0, delay >= 0 else {
                throw error("expected 'DELAY BYTES', found '\(fields.joined(separator: " "))'")
            }
            return .output(delay: delay, byteCount: count)
        }
        guard fields.count >= 2, let delay = Double(fields[1]), delay >= 0 else {
            throw error("expected 'DELAY BYTES' or 'TYPE DELAY ...', found '\(fields.joined(separator: " "))'")
        }
        switch fields[0] {
        case "O":
            guard fields.count == 3, let count = Int(fields[2]), count >= 0 else {
                throw error("expected 'O DELAY BYTES', found '\(fields.joined(separator: " "))'")
            }
            return .output(delay: delay, byteCount: count)
        case "S" where fields.count >= 3 && fields[2] == "SIGWINCH":
            var columns: Int?
            var rows: Int?
            for field in fields.dropFirst(3) {
                if field.hasPrefix("COLS=") { columns = Int(field.dropFirst(5)) }
                if field.hasPrefix("ROWS=") { rows = Int(field.dropFirst(5)) }
            }
            guard let columns, let rows, columns > 0, rows > 0 else {
                throw error("SIGWINCH entry without ROWS= and COLS=")
            }
            return .resize(delay: delay, columns: columns, rows: rows)
        case "H":
            if let fact = headerFact(fields) { applyClosing(fact) }
            return .elapsed(delay: delay)
        case "I", "S":
            return .elapsed(delay: delay)
        default:
            throw error("unknown entry type '\(fields[0])'")
        }
    }
}
