import Support
/// Where a session's lines came from.
public enum SessionSource: String, Sendable {
    /// Recorded live by `scrollvault run`.
    case run
    /// Read from a recording by `scrollvault import`; its times are the recording's own.
    case `import`
}

/// What the recorder knows about a session when it starts.
public struct SessionInfo: Sendable {
    /// Optional unique name (`run --name`); nil for unnamed sessions.
    public var name: String?
    /// When `name` is nil: name the session this, or `stem-2`, `stem-3`… if it is taken (an
    /// import of demo.cast is "demo"). Chosen inside the insert's transaction, so two imports
    /// of the same file at once get different names.
    public var nameStem: String?
    public var source: SessionSource
    public var command: String
    public var workingDirectory: String
    public var host: String
    /// Milliseconds since the epoch.
    public var startedAt: Int64
    public var columns: Int
    public var rows: Int
    /// The recording process, so a later run can tell that a `recording` session is dead.
    public var recorderPID: Int32

    public init(
        name: String? = nil,
        nameStem: String? = nil,
        source: SessionSource = .run,
        command: String = "",
        workingDirectory: String = "",
        host: String = "",
        startedAt: Int64 = Clock.nowMilliseconds(),
        columns: Int = 80,
        rows: Int = 24,
        recorderPID: Int32 = Clock.currentPID()
    ) {
        self.name = name
        self.nameStem = nameStem
        self.source = source
        self.command = command
        self.workingDirectory = workingDirectory
        self.host = host
        self.startedAt = startedAt
        self.columns = columns
        self.rows = rows
        self.recorderPID = recorderPID
    }
}

public enum SessionState: String, Sendable {
    case recording, finished, interrupted
}

/// A session as listed by `sessions()`.
public struct SessionSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String?
    public var command: String
    public var workingDirectory: String
    public var host: String
    public var startedAt: Int64
    public var endedAt: Int64?
    public var exitStatus: Int32?
    public var state: SessionState
    public var lineCount: Int64
    public var byteCount: Int64
    public var title: String?
    public var columns: Int
    public var rows: Int
    public var recorderPID: Int32
    public var source: SessionSource
    /// When an import was made (ms); nil for a `run`, whose start is when it was recorded.
    public var importedAt: Int64?
    /// False for an import without times (raw or text bytes): its `endedAt` is its start, and
    /// how long the recording lasted is not known.
    public var durationKnown: Bool
}

/// Whole-archive figures for `stats` and for benchmarks.
public struct ArchiveStatistics: Sendable, Equatable {
    /// Database file plus its WAL, in bytes.
    public var fileBytes: Int64
    public var sessions: Int
    public var lines: Int64
    /// Raw UTF-8 text bytes of all lines (no newlines), to compare with `fileBytes`.
    public var textBytes: Int64
    public var chunks: Int64
    /// Sealed chunks not yet in the word index (queries scan them exhaustively).
    public var unindexedChunks: Int64
    /// Lines in those chunks plus lines in still-open chunks.
    public var unindexedLines: Int64
}

extension SessionSummary {
    /// A session listed from elsewhere (a team server).
    public init(id: Int64, name: String?, command: String, workingDirectory: String, host: String, startedAt: Int64, endedAt: Int64?,
                exitStatus: Int32?, state: SessionState, lineCount: Int64, byteCount: Int64, title: String?, columns: Int, rows: Int,
                source: SessionSource, importedAt: Int64?, durationKnown: Bool) {
        self.init(id: id, name: name, command: command, workingDirectory: workingDirectory, host: host, startedAt: startedAt,
                  endedAt: endedAt, exitStatus: exitStatus, state: state, lineCount: lineCount, byteCount: byteCount, title: title,
                  columns: columns, rows: rows, recorderPID: 0, source: source, importedAt: importedAt, durationKnown: durationKnown)
    }
}
