/// What a session's shell integration reported about one of its commands; the recorder
/// translates the terminal's events into these for the writer.
public struct CommandEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case prompt
        case commandLine(String)
        case started(workingDirectory: String?)
        case finished(exitStatus: Int32?)
    }

    /// The command's number in its session, from 1.
    public var ordinal: Int64
    public var kind: Kind
    /// Milliseconds since the epoch.
    public var time: Int64

    public init(ordinal: Int64, kind: Kind, time: Int64) {
        self.ordinal = ordinal
        self.kind = kind
        self.time = time
    }
}

/// A stored command: what its shell said, and the range of its session's lines it printed.
public struct CommandSummary: Sendable, Equatable {
    public var id: Int64
    public var session: Int64
    public var sessionName: String?
    public var host: String
    /// Its number in its session, from 1.
    public var sequence: Int64
    public var command: String?
    public var workingDirectory: String?
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var exitStatus: Int32?
    public var promptLine: Int64?
    /// Its output; nil when it printed nothing.
    public var firstLine: Int64?
    public var lastLine: Int64?
    /// Whether its session is still being recorded (a command without an end may be running).
    public var sessionIsRecording: Bool

    /// Also for commands listed from elsewhere (a team server).
    public init(id: Int64, session: Int64, sessionName: String?, host: String, sequence: Int64, command: String?,
                workingDirectory: String?, startedAt: Int64?, finishedAt: Int64?, exitStatus: Int32?, promptLine: Int64?,
                firstLine: Int64?, lastLine: Int64?, sessionIsRecording: Bool) {
        self.id = id
        self.session = session
        self.sessionName = sessionName
        self.host = host
        self.sequence = sequence
        self.command = command
        self.workingDirectory = workingDirectory
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitStatus = exitStatus
        self.promptLine = promptLine
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.sessionIsRecording = sessionIsRecording
    }

    public var isFinished: Bool { finishedAt != nil }
    /// The lines of its output, nil when it printed nothing.
    public var outputLines: ClosedRange<Int64>? {
        guard let first = firstLine, let last = lastLine, first <= last else { return nil }
        return first...last
    }
}

/// Which commands `Archive.commands(matching:)` lists.
public struct CommandFilter: Sendable {
    public var session: Int64?
    /// Only commands that exited non-zero.
    public var failedOnly = false
    /// Started at or after / at or before (ms).
    public var since: Int64?
    public var until: Int64?
    /// Only commands run in this directory (exact match).
    public var workingDirectory: String?
    /// The newest `limit` commands (nil: all).
    public var limit: Int?

    public init() {}
}
