/// asciinema's asciicast v2 and v3.
///
/// Line 1 is a JSON object: v2 `{"version": 2, "width": 80, "height": 24, "timestamp": ...}`,
/// v3 `{"version": 3, "term": {"cols": 80, "rows": 24}, "timestamp": ...}`. Each further line
/// is an event `[time, code, data]`: v2 times are seconds since the start, v3 times are
/// intervals since the previous event (summed here, so events always carry absolute times).
/// Codes: "o" output, "r" resize ("COLSxROWS"); "x" (v3's exit: the status, as a string or a
/// number) goes into `ending`; "i" input, "m" marker and unknown codes are skipped. Every
/// event, skipped or not, moves the recording's end (`ending.duration`) to its time. v3
/// comment lines ("#...") and blank lines are skipped.
///
/// Output strings are decoded in pieces of at most 64 KiB, so an event of any size streams.
/// When a line is broken, the output decoded before the bad spot is delivered first and the
/// next call throws.
struct AsciicastDecoder: RecordingDecoder {
    private static let maximumCodeLength = 16

    let header: RecordingHeader
    let version: Int
    /// The time of the last event read so far; 0 for a recording without events.
    private(set) var ending = RecordingEnding(duration: 0)
    private var scanner: ImportJSONScanner
    /// Sum of v3 intervals so far.
    private var clock: Double = 0
    /// Set while an "o" event's string is being handed out piece by piece.
    private var openOutputTime: Double?
    /// An error found right after decoded output, thrown on the next call.
    private var deferredError: ImportError?
    private var failed = false

    init(input: ImportInput) throws(ImportError) {
        scanner = ImportJSONScanner(input: input)
        let first = try scanner.skipWhitespace()
        if first == nil {  // an empty file is an empty recording
            header = RecordingHeader()
            version = 2
            return
        }
        guard first == UInt8(ascii: "{") else {
            throw scanner.error(
                "expected the asciicast header object, found \(ImportJSONScanner.describe(try input.peek()))")
        }
        let object = try scanner.value()
        guard let version = object["version"]?.integer else {
            throw scanner.error("the asciicast header has no numeric \"version\"")
        }
        var header = RecordingHeader()
        switch version {
        case 2:
            header.columns = object["width"]?.integer
            header.rows = object["height"]?.integer
        case 3:
            header.columns = object["term"]?["cols"]?.integer
            header.rows = object["term"]?["rows"]?.integer
        default:
            throw scanner.error("asciicast version \(version) is not supported (only 2 and 3)")
        }
        header.startTime = object["timestamp"]?.number
        self.header = header
        self.version = version
        try scanner.endOfLine(after: "the header")
    }

    mutating func next() throws(ImportError) -> RecordingEvent? {
        guard !failed else { return nil }
        do {
            return try nextEvent()
        } catch {
            failed = true
            throw error
        }
    }

    private mutating func nextEvent() throws(ImportError) -> RecordingEvent? {
        if let error = deferredError { throw error }
        if let time = openOutputTime, let event = try continueOutput(at: time) { return event }
        while true {
            guard let first = try scanner.skipWhitespace() else { return nil }
            if first == UInt8(ascii: "#") {
                try scanner.skipLine()
                continue
            }
            try scanner.expect(UInt8(ascii: "["), "an event '[time, code, data]'")
            let stamp = try scanner.number()
            guard stamp.isFinite, stamp >= 0 else {
                throw scanner.error("negative event time \(stamp)")
            }
            let time: Double
            if version == 3 {
                clock += stamp
                time = clock
            } else {
                time = stamp
            }
            ending.duration = max(ending.duration ?? 0, time)
            try scanner.expect(UInt8(ascii: ","), "',' after the event time")
            try scanner.expect(UInt8(ascii: "\""), "the event code string")
            var code: [UInt8] = []
            let codeComplete = try scanner.stringContent(into: &code, limit: Self.maximumCodeLength)
            if !codeComplete { try scanner.skipStringContent() }
            try scanner.expect(UInt8(ascii: ","), "',' after the event code")

            switch code {
            case [UInt8(ascii: "o")]:
                try scanner.expect(UInt8(ascii: "\""), "the output data string")
                openOutputTime = time
                if let event = try continueOutput(at: time) { return event }
            case [UInt8(ascii: "r")]:
                try scanner.expect(UInt8(ascii: "\""), "the resize data string \"COLSxROWS\"")
                let text = try scanner.shortString(limit: 64, what: "resize data")
                guard let size = Self.parseSize(text) else {
                    throw scanner.error(
                        "resize data \"\(String(decoding: text, as: UTF8.self))\" is not COLSxROWS")
                }
                try finishEvent()
                return .resize(columns: size.columns, rows: size.rows, time: time)
            case [UInt8(ascii: "x")]:
                ending.exitStatus = try exitStatus()
                try finishEvent()
            default:
                try scanner.skipValue()
                try finishEvent()
            }
        }
    }

    /// The next piece of the open output string; nil when it ended empty (the caller goes on
    /// to the next event).
    private mutating func continueOutput(at time: Double) throws(ImportError) -> RecordingEvent? {
        var chunk: [UInt8] = []
        let complete: Bool
        do {
            complete = try scanner.stringContent(into: &chunk, limit: ImportInput.blockSize)
        } catch {
            openOutputTime = nil
            if chunk.isEmpty { throw error }
            deferredError = error
            return .output(chunk, time: time)
        }
        if complete {
            openOutputTime = nil
            do {
                try finishEvent()
            } catch {
                if chunk.isEmpty { throw error }
                deferredError = error
            }
        }
        return chunk.isEmpty ? nil : .output(chunk, time: time)
    }

    /// The data of an "x" event: v3 writes the status as a string ("0"), some writers as a
    /// number. Anything that is not a whole number is skipped (nil), not an error: the output
    /// is what matters.
    private mutating func exitStatus() throws(ImportError) -> Int32? {
        switch try scanner.skipSpaces() {
        case UInt8(ascii: "\""):
            scanner.input.advance()
            var text: [UInt8] = []
            if try !scanner.stringContent(into: &text, limit: 16) {
                try scanner.skipStringContent()
                return nil
            }
            return Int32(String(decoding: text, as: UTF8.self))
        case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
            let value = try scanner.number()
            guard value.rounded() == value, abs(value) <= Double(Int32.max) else { return nil }
            return Int32(value)
        default:
            try scanner.skipValue()
            return nil
        }
    }

    /// After the data: optional extra elements, "]", then the end of the line.
    private mutating func finishEvent() throws(ImportError) {
        while try scanner.skipSpaces() == UInt8(ascii: ",") {
            scanner.input.advance()
            try scanner.skipValue()
        }
        try scanner.expect(UInt8(ascii: "]"), "']' closing the event")
        try scanner.endOfLine(after: "the event")
    }

    static func parseSize(_ text: [UInt8]) -> (columns: Int, rows: Int)? {
        let parts = text.split(separator: UInt8(ascii: "x"), omittingEmptySubsequences: false)
        guard parts.count == 2,
              let columns = Int(String(decoding: parts[0], as: UTF8.self)),
              let rows = Int(String(decoding: parts[1], as: UTF8.self)),
              columns > 0, rows > 0
        else { return nil }
        return (columns, rows)
    }
}
