#if canImport(Glibc)
import Glibc
#endif

/// What a recording says about itself before its first event.
public struct RecordingHeader: Sendable, Equatable {
    /// The terminal's width when recording started, when the file says.
    public var columns: Int?
    /// The terminal's height when recording started, when the file says.
    public var rows: Int?
    /// When recording started, in Unix seconds, when the file says.
    public var startTime: Double?

    public init(columns: Int? = nil, rows: Int? = nil, startTime: Double? = nil) {
        self.columns = columns
        self.rows = rows
        self.startTime = startTime
    }
}

/// What a recording says about its end, known once its last event has been read.
///
/// An imported session's span is the recording's, not the import's: without this a 2017
/// asciicast imported today lasted seven years.
public struct RecordingEnding: Sendable, Equatable {
    /// Seconds from the start to the recording's end: its last event of any kind, or the end
    /// the file states (script's `DURATION`). Nil when the format carries no times (raw and
    /// text bytes, a typescript without a timing file).
    public var duration: Double?
    /// When recording ended, in Unix seconds, when the file says (script's "Script done on").
    public var endTime: Double?
    /// The recorded program's exit status, when the file says (an asciicast v3 "x" event,
    /// script's `COMMAND_EXIT_CODE` or `EXIT_CODE`).
    public var exitStatus: Int32?

    public init(duration: Double? = nil, endTime: Double? = nil, exitStatus: Int32? = nil) {
        self.duration = duration
        self.endTime = endTime
        self.exitStatus = exitStatus
    }
}

/// One step of a recorded session.
public enum RecordingEvent: Sendable, Equatable {
    /// Bytes the program wrote to its terminal. `time` is seconds since the recording started
    /// (absolute, also for asciicast v3 whose file stores intervals); nil when the format has
    /// no times (raw, typescript without timing). One recorded write may arrive as several
    /// events with the same time: decoders hand out at most 64 KiB at once.
    case output([UInt8], time: Double?)
    /// The terminal was resized.
    case resize(columns: Int, rows: Int, time: Double?)
}

/// Why an import stopped, and where. Events before that point have been delivered.
public struct ImportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Which input: "recording" or "timing file".
    public var source: String
    /// 1-based line of the input where decoding stopped, when the format is line-based.
    public var line: Int?
    /// Byte offset in the input where decoding stopped.
    public var byteOffset: Int?
    /// What was wrong, e.g. "expected ',' after the event time, found 'x'".
    public var reason: String

    public init(source: String = "recording", line: Int? = nil, byteOffset: Int? = nil, reason: String) {
        self.source = source
        self.line = line
        self.byteOffset = byteOffset
        self.reason = reason
    }

    /// E.g. "recording line 7 (byte 1234): unexpected end of file inside an event".
    public var description: String {
        var place = source
        if let line { place += " line \(line)" }
        if let byteOffset { place += line == nil ? " byte \(byteOffset)" : " (byte \(byteOffset))" }
        return "\(place): \(reason)"
    }
}

/// A streaming reader of one recorded session: constant memory whatever the file's size.
public protocol RecordingDecoder {
    /// Known as soon as the decoder exists (read from the first line or the timing file).
    var header: RecordingHeader { get }
    /// Complete once `next()` has returned nil; after an error, what the events read so far said.
    var ending: RecordingEnding { get }
    /// The next event, nil at the end. After a throw the decoder is finished.
    mutating func next() throws(ImportError) -> RecordingEvent?
}

/// Opens a decoder over `fileDescriptor` (a file or a pipe; not closed by the decoder).
///
/// - Parameters:
///   - format: nil to detect it from the first bytes (`RecordingFormat.detect`).
///   - timingPath: script(1)'s timing file (classic or advanced) for a typescript; given with
///     an undetected format it implies typescript.
/// - Throws: when the timing file cannot be opened, the header is malformed, or a timing file
///   is given for a format that has its own times.
public func makeRecordingDecoder(
    format: RecordingFormat?, fileDescriptor: Int32, timingPath: String?
) throws(ImportError) -> any RecordingDecoder {
    let input = ImportInput(fileDescriptor: fileDescriptor, ownsDescriptor: false, source: "recording")
    var chosen: RecordingFormat
    if let format {
        chosen = format
    } else {
        let prefix = try input.prefix(upTo: RecordingFormat.detectionLength)
        chosen = RecordingFormat.detect(prefix: prefix)
        if chosen == .text && timingPath != nil { chosen = .typescript }
    }
    if timingPath != nil && chosen != .typescript {
        throw ImportError(reason: "a timing file only applies to typescript recordings, this one is \(chosen.rawValue)")
    }
    switch chosen {
    case .raw:
        return UntimedRecordingDecoder(input: input, translatesNewlines: false)
    case .text:
        return UntimedRecordingDecoder(input: input, translatesNewlines: true)
    case .typescript:
        var timing: ScriptTimingReader?
        if let timingPath { timing = try ScriptTimingReader(path: timingPath) }
        return try TypescriptDecoder(input: input, timing: timing)
    case .asciicast:
        return try AsciicastDecoder(input: input)
    }
}
