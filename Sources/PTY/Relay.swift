import CPTY
import Glibc
import Support
import Synchronization

/// Runs a session: the child's output to the user's terminal (and the recorder), the user's
/// input to the child, window-size changes and termination signals to the child.
///
/// Threading model (two threads, no Dispatch):
/// - The **output thread** (`OutputPump`) blocks in poll/read on the pty master. Each chunk
///   (up to 64 KiB) is read into space the `OutputDestination` lends, written in full to
///   `output`, then committed to the destination on that thread. The destination must be fast
///   (while it runs no output reaches the user).
/// - The **control thread** is the caller of `run()`. One poll loop over: a signalfd (SIGWINCH,
///   SIGTERM, SIGHUP, SIGINT — blocked, see `SessionSignals`), a pipe fed by `forward(signal:)`,
///   the child's pidfd, the input descriptor and — while input is waiting — the master for
///   writing (the master is non-blocking, so a child that doesn't read its input can never wedge
///   the loop). `onResize` runs on this thread.
///
/// Ending: when the child has exited, the output thread drains the master until EOF/EIO (or
/// silence, if some background process keeps the pty open), `run()` joins it, restores the
/// terminal and returns the child's status. SIGTERM/SIGHUP (and SIGINT when input is not a
/// terminal) are forwarded to the child; if it has not exited after the grace period it is
/// sent SIGKILL. Either way `run()` returns normally, so the caller archives everything.
public final class Relay: Sendable {
    public struct Configuration: Sendable {
        /// Where the user's keystrokes come from. Raw mode is set on it when it is a terminal;
        /// when it is not, its end is passed on as the terminal's EOF character, like script(1).
        public var input: Int32 = STDIN_FILENO
        /// Where the child's output goes, byte for byte.
        public var output: Int32 = STDOUT_FILENO
        /// How long a child may take to exit after a forwarded SIGTERM/SIGHUP before SIGKILL.
        public var terminationGracePeriod: Duration = .seconds(2)
        /// How long to keep reading after the child exited while something still holds the pty.
        public var drainAfterExit: Duration = .milliseconds(200)
        /// Receive SIGWINCH/SIGTERM/SIGHUP/SIGINT through a signalfd (the CLI). Tests turn it
        /// off and use `forward(signal:)`, so they don't take signals meant for the test runner.
        public var handlesProcessSignals: Bool = true
        /// Put `input` into raw mode while the session runs, when it is a terminal.
        public var makesInputRaw: Bool = true

        public init() {}
    }

    public let child: ChildProcess
    public let configuration: Configuration
    private let destination: any OutputDestination
    private let onResize: @Sendable (WindowSize) -> Void
    private let requestReader: Int32
    private let requestWriter: Int32
    private let seenProblems = Mutex<[SystemError]>([])

    /// - Parameters:
    ///   - onOutput: called on the output thread after each chunk reached `output`; copy only.
    ///   - onResize: called on the control thread after the pty was resized to the terminal's
    ///     new size.
    public convenience init(
        child: ChildProcess,
        configuration: Configuration = Configuration(),
        onOutput: @escaping @Sendable (UnsafeRawBufferPointer) -> Void,
        onResize: @escaping @Sendable (WindowSize) -> Void = { _ in }
    ) throws(SystemError) {
        try self.init(child: child, configuration: configuration,
                      destination: CallbackDestination(capacity: OutputPump.chunkSize, onOutput: onOutput),
                      onResize: onResize)
    }

    /// - Parameters:
    ///   - destination: lends the space each chunk of output is read into, and takes it after
    ///     it reached `output` (on the output thread).
    ///   - onResize: called on the control thread after the pty was resized to the terminal's
    ///     new size.
    public init(
        child: ChildProcess,
        configuration: Configuration = Configuration(),
        destination: any OutputDestination,
        onResize: @escaping @Sendable (WindowSize) -> Void = { _ in }
    ) throws(SystemError) {
        self.child = child
        self.configuration = configuration
        self.destination = destination
        self.onResize = onResize
        var ends: [Int32] = [-1, -1]
        try systemCall("pipe2") { cpty_pipe(&ends, 1) }
        requestReader = ends[0]
        requestWriter = ends[1]
    }

    deinit {
        close(requestReader)
        close(requestWriter)
    }

    /// Problems that did not stop the session (e.g. the output descriptor failed with EPIPE and
    /// was given up while the child kept being drained). Read after `run()` returns.
    public var problems: [SystemError] { seenProblems.withLock { $0 } }

    /// Handles `signal` exactly as if the process had received it (thread-safe, any time, also
    /// before `run()`): SIGWINCH resizes, SIGTERM/SIGHUP forward and start the grace period,
    /// SIGINT too when input is not a terminal; anything else is simply passed to the child.
    public func forward(signal: Int32) {
        var number = signal
        _ = try? systemCall("write") {
            write(requestWriter, &number, MemoryLayout<Int32>.size)
        }
    }

    /// Runs the session to its end and returns how the child ended. Blocks the calling thread.
    ///
    /// Throws only if the relay itself cannot work (poll, signalfd or thread creation failed);
    /// it then stops the output thread and restores the terminal before throwing.
    public func run() throws(SystemError) -> ExitStatus {
        let rawMode = configuration.makesInputRaw
            ? try RawMode.enable(on: configuration.input) : nil
        defer { rawMode?.restore() }

        let master = child.masterFileDescriptor
        let flags = try systemCall("fcntl") { fcntl(master, F_GETFL) }
        try systemCall("fcntl") { fcntl(master, F_SETFL, flags | O_NONBLOCK) }

        var signals: Int32 = -1
        if configuration.handlesProcessSignals {
            SessionSignals.block()
            var set = SessionSignals.signalSet(SessionSignals.relayed)
            signals = try systemCall("signalfd") { cpty_signalfd(&set) }
        }
        defer { if signals >= 0 { close(signals) } }

        let pump = try OutputPump(
            master: master, output: configuration.output,
            idleAfterExitMilliseconds: Int32(configuration.drainAfterExit.milliseconds),
            destination: destination)
        let pumpThread = try JoinableThread { pump.run() }
        var stopKind = OutputPump.Command.stop
        defer {
            pump.send(stopKind)
            pumpThread.join()
            seenProblems.withLock { $0.append(contentsOf: pump.problems.withLock { $0 }) }
        }

        var loop = ControlLoop(
            relay: self, master: master, signals: signals,
            inputIsTerminal: isatty(configuration.input) == 1)
        let status = try loop.run()
        stopKind = .childExited
        return status
    }

    // MARK: - Used by ControlLoop

    var requestDescriptor: Int32 { requestReader }

    func reportResize(_ size: WindowSize) { onResize(size) }

    func record(_ problem: SystemError) { seenProblems.withLock { $0.append(problem) } }
}

extension Duration {
    /// Whole milliseconds, rounded up, for poll(2) timeouts.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
