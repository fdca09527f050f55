import Support
import ArgumentParser
import FoundationEssentials
import Glibc
import PTY

/// `pause` and `resume`: run inside a recorded session, they tell its recorder in band, with
/// the sequence a program may also print itself (OSC 7777 ; pause / resume). In band, the
/// recorder sees it exactly between the output before and after it, whatever buffering lies
/// between, and no other channel to the recorder is needed.
enum ArchivingSwitch {
    static func send(pause: Bool) throws {
        guard let session = ProcessInfo.processInfo.environment["SCROLLVAULT_SESSION"], !session.isEmpty else {
            throw CLIError("not inside a recorded session (SCROLLVAULT_SESSION is not set): run this in a shell started by `scrollvault run` or `exec`")
        }
        let sequence = "\u{1B}]7777;\(pause ? "pause" : "resume")\u{07}"
        let fd = try destination()
        defer { if fd != STDOUT_FILENO { close(fd) } }
        let written = sequence.utf8.withContiguousStorageIfAvailable { write(fd, $0.baseAddress, $0.count) } ?? -1
        guard written == sequence.utf8.count else {
            throw CLIError("could not tell the recorder: write: \(String(cString: strerror(errno)))")
        }
        StandardError.write(pause
            ? "scrollvault: session \(session) is not archived until `scrollvault resume` (the screen still shows everything)\n"
            : "scrollvault: session \(session) is archived again\n")
    }

    /// Stdout when it leads to the recorder (the session's terminal, or `exec`'s pipe); else
    /// the controlling terminal, so `scrollvault pause > file` still reaches it.
    private static func destination() throws -> Int32 {
        var info = stat()
        if isatty(STDOUT_FILENO) == 1 || (fstat(STDOUT_FILENO, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO) {
            return STDOUT_FILENO
        }
        let tty = open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard tty >= 0 else {
            throw CLIError("cannot reach the session's terminal: open /dev/tty: \(String(cString: strerror(errno)))")
        }
        return tty
    }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop archiving this session's output until `resume` (the screen still shows it).",
        discussion: """
            Run it inside a recorded session (`run` or `exec`; it finds the session from \
            $SCROLLVAULT_SESSION). What is printed afterwards is shown as usual but not \
            archived, until `scrollvault resume`; a line written partly while paused is left \
            out whole. The gap is kept: `export` prints a marker where it was, and `sessions \
            --json` lists it under "paused". A program can do the same by printing \
            ESC ] 7777 ; pause BEL (and ; resume) itself.

            Examples:
              scrollvault pause; cat ~/.secrets/token; scrollvault resume
              printf '\\033]7777;pause\\007'                    # from any program

            Exit status: 0 when the recorder was told, 2 when not inside a recorded session \
            or its terminal cannot be reached.
            """
    )

    func run() throws { try ArchivingSwitch.send(pause: true) }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Archive this session's output again after `pause`.",
        discussion: """
            Run it inside the recorded session that `scrollvault pause` paused. Resuming a \
            session that is not paused changes nothing.

            Example:
              scrollvault pause; vault read secret/db; scrollvault resume

            Exit status: 0 when the recorder was told, 2 when not inside a recorded session \
            or its terminal cannot be reached.
            """
    )

    func run() throws { try ArchivingSwitch.send(pause: false) }
}
