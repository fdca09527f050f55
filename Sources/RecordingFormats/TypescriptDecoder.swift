/// script(1)'s typescript: header line, the session's bytes, footer line.
///
/// Without a timing file the bytes come out untimed, in blocks. The footer ("\nScript done on
/// ...\n", written by script at the end) is recognised without reading the file twice or
/// buffering it: the last `footerWindow` bytes are always held back until the input ends, and
/// the footer is cut from them then.
///
/// With a timing file each output entry gives the next BYTES of the typescript their time
/// (delays accumulate from the start); SIGWINCH entries become resize events. What follows the
/// last timed entry (the footer, or bytes of a session whose timing was cut short) is handled
/// like an untimed typescript, at the last known time. The footer's date and exit status end
/// up in `ending`.
struct TypescriptDecoder: RecordingDecoder {
    static let footerWindow = 1024
    private static let headerLineLimit = 64 * 1024

    let header: RecordingHeader
    private let input: ImportInput
    private let timing: ScriptTimingReader?
    private var clock: Double = 0
    /// Bytes of the current timed output entry not yet handed out.
    private var owed = 0
    private var timingExhausted = false
    /// Held-back bytes that may be (the start of) the footer.
    private var tail: [UInt8] = []
    private var inputExhausted = false

    init(input: ImportInput, timing: ScriptTimingReader?) throws(ImportError) {
        self.input = input
        self.timing = timing
        var header = RecordingHeader()
        let marker = ScriptHeaderLine.marker
        if try input.prefix(upTo: marker.count) == marker,
           let line = try input.readLine(limit: Self.headerLineLimit, lineNumber: 1) {
            header = ScriptHeaderLine.header(from: line)
        }
        if let facts = timing?.header {
            header.columns = header.columns ?? facts.columns
            header.rows = header.rows ?? facts.rows
            header.startTime = header.startTime ?? facts.startTime
        }
        self.header = header
        timingExhausted = timing == nil
    }

    mutating func next() throws(ImportError) -> RecordingEvent? {
        // After an error the decoder is finished, as `RecordingDecoder` promises (found by
        // fuzzing: events went on coming after a bad timing entry).
        guard !failed else { return nil }
        do {
            if !timingExhausted, let timing {
                if let event = try nextTimed(timing) { return event }
            }
            return try nextUntimed()
        } catch {
            failed = true
            throw error
        }
    }

    /// Set by the first error; every later `next()` returns nil.
    private var failed = false

    /// What the footer line said, once it has been read.
    private var footerFacts = RecordingEnding()

    /// The end the timing file gives (its `DURATION`, else its last entry), the footer's date
    /// and exit status, else the timing file's `EXIT_CODE`.
    var ending: RecordingEnding {
        var ending = footerFacts
        if let timing {
            ending.duration = max(clock, timing.ending.duration ?? 0)
            ending.exitStatus = ending.exitStatus ?? timing.ending.exitStatus
        }
        return ending
    }

    /// The next event the timing file describes; nil once it has no more entries.
    private mutating func nextTimed(_ timing: ScriptTimingReader) throws(ImportError) -> RecordingEvent? {
        while owed == 0 {
            guard let entry = try timing.next() else {
                timingExhausted = true
                return nil
            }
            switch entry {
            case .output(let delay, let count):
                clock += delay
                owed = count
            case .resize(let delay, let columns, let rows):
                clock += delay
                return .resize(columns: columns, rows: rows, time: clock)
            case .elapsed(let delay):
                clock += delay
            }
        }
        let chunk = try input.take(upTo: min(owed, ImportInput.blockSize))
        if chunk.isEmpty {
            throw timing.error(
                "the typescript ends at byte \(input.offset) but this entry expects \(owed) more bytes")
        }
        owed -= chunk.count
        return .output(chunk, time: clock)
    }

    /// The bytes after the header (or after the timed part), less the footer.
    private mutating func nextUntimed() throws(ImportError) -> RecordingEvent? {
        let time: Double? = timing == nil ? nil : clock
        while !inputExhausted {
            let chunk = try input.take(upTo: ImportInput.blockSize)
            if chunk.isEmpty {
                inputExhausted = true
                break
            }
            tail.append(contentsOf: chunk)
            if tail.count > Self.footerWindow {
                let released = Array(tail[..<(tail.count - Self.footerWindow)])
                tail.removeFirst(released.count)
                return .output(released, time: time)
            }
        }
        if tail.isEmpty { return nil }
        var rest = tail
        tail = []
        if let footer = Self.footerStart(in: rest) {
            footerFacts = ScriptHeaderLine.ending(fromFooter: rest[(footer + 1)...])
            rest.removeSubrange(footer...)
        }
        return rest.isEmpty ? nil : .output(rest, time: time)
    }

    /// Where "\nScript done on ..." starts, if `bytes` ends with such a line (one line, ending
    /// in at most a single "\n").
    static func footerStart(in bytes: [UInt8]) -> Int? {
        let marker = ScriptHeaderLine.footerMarker
        var lastLineEnd = bytes.count
        if bytes.last == 0x0A { lastLineEnd -= 1 }
        guard let newline = bytes[..<lastLineEnd].lastIndex(of: 0x0A) else { return nil }
        return bytes[newline...].starts(with: marker) ? newline : nil
    }
}
