import Archive
import FoundationEssentials
import Glibc
import PageStore
import PTY
import Redaction
import Support

/// `scrollvault run`: the command on a pseudo-terminal, its output passed through untouched and
/// recorded on the side.
///
/// Threads: the relay's reader thread writes output to the user's terminal first, then copies
/// it into an `OutputChannel`; an emulator thread drains the channel into the terminal emulator,
/// whose completed lines go to the archive writer's own thread. The calling thread runs the
/// relay's poll loop (stdin, signals, child exit). Whatever happens to the archive, the
/// passthrough goes on and the child's exit status is returned.
public enum LiveRecorder {
    public struct Request: Sendable {
        public var command: [String]
        public var name: String?
        public var scrollbackBudget: Int = PageList.defaultBudget
        public var databasePath: String
        /// Size when neither standard input nor standard output is a terminal (default 80x24).
        public var columns: Int?
        public var rows: Int?
        /// Whether an interactive bash, zsh or fish gets ScrollVault's shell integration, so
        /// its commands are recorded as commands (`ShellInjection`).
        public var shellIntegration = true
        /// Called with the session's id once the command has started and is being recorded.
        public var onRecordingStarted: (@Sendable (Int64) -> Void)?
        /// Applied to every line (and the command line) before it is archived; the terminal
        /// still shows everything. Nil: recorded verbatim (`--no-redact`).
        public var redactor: Redactor? = .builtIn

        public init(command: [String], databasePath: String) {
            self.command = command
            self.databasePath = databasePath
        }
    }

    /// Runs the session and returns the child's exit status (128+N when signal N killed it).
    /// Must be called before any other thread exists: it blocks the signals the relay handles.
    public static func run(_ request: Request) -> Int32 {
        SessionSignals.block()
        let warn: @Sendable (String) -> Void = { message in
            StandardError.write("scrollvault: \(message)\r\n")
        }
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        // The real terminal's size: on stdin, else on stdout (`echo x | scrollvault run …` in a
        // terminal); --cols/--rows or 80x24 only when neither is a terminal.
        let terminalSize = WindowSize.ofTerminal(STDIN_FILENO) ?? WindowSize.ofTerminal(STDOUT_FILENO)
        let size = terminalSize ?? WindowSize(columns: request.columns ?? 80, rows: request.rows ?? 24)

        let commandLine = request.command.joined(separator: " ")
        let info = SessionInfo(
            name: request.name, command: request.redactor.map { $0.redact(commandLine) } ?? commandLine,
            workingDirectory: FileManager.default.currentDirectoryPath, host: hostName(),
            columns: size.columns, rows: size.rows)
        // The emulator, line assembly and writer threads ask for a short slice and stay off
        // one CPU, so the pty relay always has one free (`WorkerPlacement`).
        let placement = WorkerPlacement.leavingOneCPUForTheRelay()
        let workerSetup: @Sendable () -> Void = {
            ShortSlice.requestForCurrentThread()
            placement?.applyToCurrentThread()
        }
        var session: ArchiveSession?
        do {
            var options = ArchiveWriter.Options()
            options.finishIndexingMilliseconds = 100
            options.burstCompression = .fast
            options.threadSetup = workerSetup
            session = try ArchiveSession(path: request.databasePath, info: info, options: options, warn: warn)
        } catch {
            warn("not recording: cannot open the archive \(request.databasePath): \(error)")
        }

        var environment = ProcessInfo.processInfo.environment
        if let session {
            environment["SCROLLVAULT_SESSION"] = String(session.id)
            environment["SCROLLVAULT_DB"] = request.databasePath
        }
        if environment["TERM"] == nil { environment["TERM"] = "xterm-256color" }
        var command = request.command
        let injection = session != nil && request.shellIntegration
            ? ShellInjection(command: command, environment: environment) : nil
        defer { injection?.remove() }
        if let injection {
            command = injection.command
            environment = injection.environment
        }

        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                command, environment: environment.map { "\($0.key)=\($0.value)" },
                windowSize: size, copyingModesFrom: stdinIsTerminal ? STDIN_FILENO : nil)
        } catch {
            StandardError.write("scrollvault: \(error)\n")
            // Nothing ran, so nothing was recorded: an empty session would only be clutter.
            if let failure = session?.discard() { warn("could not remove the session of the command that did not start: \(failure)") }
            return error.shellExitCode
        }
        if let session { request.onRecordingStarted?(session.id) }

        let channel = OutputChannel()
        let pipeline = RecordingPipeline(writer: session?.writer, redactor: request.redactor, columns: size.columns, rows: size.rows,
                                         scrollbackBudget: request.scrollbackBudget, threadSetup: workerSetup)
        if let session { pipeline.onArchivingPaused = { session.recordPause($0, at: $1) } }
        let emulator: JoinableThread?
        do {
            emulator = try EmulatorThread.start(channel: channel, pipeline: pipeline, placement: placement, setup: workerSetup)
        } catch {
            // The output is still shown: a closed channel lends no space, so the relay reads
            // into a buffer of its own.
            warn("not recording: cannot start the emulator's thread: \(error)")
            channel.close()
            emulator = nil
        }

        let status: Int32
        do {
            let relay = try Relay(
                child: child,
                destination: channel,
                onResize: { size in channel.send(resize: size.columns, rows: size.rows) })
            status = try relay.run().shellCode
        } catch {
            warn("the session's terminal failed: \(error)")
            try? child.send(signal: SIGHUP)
            status = (try? child.waitForExit().shellCode) ?? 1
        }
        channel.close()
        emulator?.join()
        if let session, let failure = session.finish(state: .finished, exitStatus: status, title: pipeline.title) {
            warn("could not record the end of the session: \(failure)")
        }
        return status
    }
}

/// How long a changed screen waits before it is recorded as the session's provisional tail:
/// with the writer's commit interval, what the user sees is in the archive within a second.
private let screenInterval: UInt64 = 500_000_000

/// The emulator's own thread: drains the channel, feeds the pipeline, records the screen
/// when it changed (`RecordingPipeline.recordScreen`), finishes it at the end.
/// `setup` tunes its scheduling as the line assembly and archive writer threads' is tuned;
/// while the reader has to wait for it, it may leave its `placement` (`PlacementValve`).
private enum EmulatorThread {
    static func start(channel: OutputChannel, pipeline: RecordingPipeline, placement: WorkerPlacement?,
                      setup: @escaping @Sendable () -> Void) throws(SystemError) -> JoinableThread {
        let box = UncheckedBox(pipeline)
        return try JoinableThread(stackSize: 1 << 22) {
            JoinableThread.nameCurrentThread("sv-emulator")
            setup()
            let pipeline = box.value
            var valve = PlacementValve(placement: placement)
            // When the screen, changed since it was last recorded, is to be recorded again.
            var screenDue: UInt64?
            while let batch = channel.receiveAll(until: screenDue) {
                let now = Clock.monotonicNanoseconds()
                if !batch.isEmpty {
                    valve.observe(relayWaited: channel.readerWaitedForRoom(), now: now)
                    if screenDue == nil { screenDue = now + screenInterval }
                }
                for item in batch {
                    switch item {
                    case .output(let bytes, let time):
                        pipeline.feed(bytes, at: time)
                        channel.release(bytes.count)
                    case .resize(let columns, let rows):
                        pipeline.resize(columns: columns, rows: rows)
                    }
                }
                pipeline.flushLines()
                if let due = screenDue, now >= due {
                    pipeline.recordScreen()
                    screenDue = nil
                }
            }
            _ = pipeline.finish()
        }
    }
}
