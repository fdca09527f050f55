import Support
import Archive
import FoundationEssentials
import Glibc
import PageStore
import PTY
import Redaction

/// `scrollvault exec`: a command on pipes (no terminal, as under cron or CI), its stdout and
/// stderr passed through and recorded as one session whose lines keep their stream.
///
/// Each stream has its own emulator, so a line is never a mix of both and a `\r` progress bar
/// on stderr collapses on its own; lines are assembled on the relay's thread and reach the
/// writer in the order their reads completed. The recording never changes the command's fate:
/// a failing archive costs one warning, and the command's exit status is returned.
public enum ExecRecorder {
    public struct Request: Sendable {
        public var command: [String]
        public var name: String?
        public var databasePath: String
        /// The width the emulators render at: longer lines wrap and are joined again, so it
        /// matters only to `\r` and cursor movement within a line.
        public var columns = 200
        /// Each stream's in-memory scrollback: lines go to the archive as soon as they end,
        /// so little is needed.
        public var scrollbackBudget = 1 << 20
        /// Secrets are replaced before lines reach the archive; the passthrough is never
        /// altered. Nil: recorded verbatim (`--no-redact`).
        public var redactor: Redactor? = .builtIn

        public init(command: [String], databasePath: String) {
            self.command = command
            self.databasePath = databasePath
        }
    }

    /// Runs the command and returns its exit status (128+N when signal N killed it; 127 or 126
    /// when it could not be executed). Must be called before any other thread exists: it
    /// blocks the signals the relay passes on.
    public static func run(_ request: Request) -> Int32 {
        SessionSignals.block()
        let warn: @Sendable (String) -> Void = { StandardError.write("scrollvault: warning: \($0)\n") }
        let commandLine = request.command.joined(separator: " ")
        let info = SessionInfo(
            name: request.name, command: request.redactor.map { $0.redact(commandLine) } ?? commandLine,
            workingDirectory: FileManager.default.currentDirectoryPath, host: hostName(),
            columns: request.columns, rows: 1)
        var session: ArchiveSession?
        do {
            session = try ArchiveSession(path: request.databasePath, info: info, warn: warn)
        } catch {
            warn("not recording: cannot open the archive \(request.databasePath): \(error)")
        }
        var environment = ProcessInfo.processInfo.environment
        if let session {
            environment["SCROLLVAULT_SESSION"] = String(session.id)
            environment["SCROLLVAULT_DB"] = request.databasePath
        }

        // One row: a line goes to history, and so to the writer, as soon as it ends.
        let streams = [LineStream.output, .error].map { stream in
            RecordingPipeline(writer: session?.writer, redactor: request.redactor, columns: request.columns, rows: 1,
                              scrollbackBudget: request.scrollbackBudget, stream: stream, assemblyThread: false)
        }
        // A pause arrives on the stream it was written to; it holds for both.
        for (index, pipeline) in streams.enumerated() {
            let other = streams[1 - index]
            pipeline.onArchivingPaused = { [weak other] paused, time in
                other?.emulator.screen.setArchivingPaused(paused)
                session?.recordPause(paused, at: time)
            }
        }
        let status: Int32
        do {
            status = try PipeRelay.run(request.command, environment: environment.map { "\($0.key)=\($0.value)" }) { stream, bytes in
                let pipeline = streams[stream == .output ? 0 : 1]
                feedTranslatingNewlines(bytes, to: pipeline, at: Clock.nowMilliseconds())
                pipeline.flushLines()
            }.shellCode
        } catch {
            StandardError.write("scrollvault: \(error)\n")
            if let failure = session?.discard() { warn("could not remove the session of the command that did not start: \(failure)") }
            return error.shellExitCode
        }
        for pipeline in streams { _ = pipeline.finish() }
        if let session, let failure = session.finish(state: .finished, exitStatus: status, title: nil) {
            warn("could not record the end of the session: \(failure)")
        }
        return status
    }

    /// Each "\n" reaches the emulator as "\r\n", as a terminal's ONLCR would have made it, so
    /// every line starts in the first column.
    static func feedTranslatingNewlines(_ bytes: UnsafeRawBufferPointer, to pipeline: RecordingPipeline, at time: Int64) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
            let newline = base.distance(to: UnsafeRawPointer(found))
            if newline > start { pipeline.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), at: time) }
            carriageReturnNewline.withUnsafeBytes { pipeline.feed($0, at: time) }
            start = newline + 1
        }
        if start < bytes.count { pipeline.feed(UnsafeRawBufferPointer(rebasing: bytes[start...]), at: time) }
    }

    private static let carriageReturnNewline: [UInt8] = [0x0D, 0x0A]
}
