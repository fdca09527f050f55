/// What a shell's integration told the terminal about one of its commands (OSC 133 and
/// VS Code's OSC 633, as Ghostty, kitty, WezTerm, iTerm2 and VS Code emit them): the recorder
/// turns these into the archive's commands, whose output lines it finds by the rows' marks.
public struct ShellEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A prompt starts the command's cycle (133 A).
        case prompt
        /// The command line as typed (633 E, unescaped).
        case commandLine(String)
        /// The command started running (133 C), in this working directory when one was reported.
        case started(workingDirectory: String?)
        /// The command finished (133 D), with its exit status when one was given.
        case finished(exitStatus: Int32?)
        /// Archiving stopped (true) or went on again (false): `scrollvault pause`/`resume`, or
        /// a program hiding its own output (OSC 7777). Not about a command: its ordinal is the
        /// current command's, or 0.
        case archivingPaused(Bool)
    }

    /// The command's number in the session, from 1: each prompt starts the next one.
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
