import CPTY
import Glibc
import Support
import Synchronization

/// A command running on its own pseudo-terminal, and the master side of that terminal.
///
/// The child is a session leader whose controlling terminal is the pty; it inherited no
/// descriptor of ours except the pty as 0/1/2, default signal dispositions and an empty signal
/// mask. Everything between fork and exec happens in C (`cpty_spawn`), so no Swift code ever
/// runs in the forked child.
///
/// Ownership: this object owns the master descriptor and the exit-notification descriptor and
/// closes them in `deinit`. It reaps the child at most once (`exitStatusIfExited()` or
/// `waitForExit()`); after that `send(signal:)` is a no-op, so a recycled pid is never signalled.
public final class ChildProcess: Sendable {
    /// The child's process id (also its process group and session id).
    public let pid: pid_t
    /// The pty master. Reading it yields the child's output; writing it is the child's input.
    public let masterFileDescriptor: Int32
    /// A pidfd that becomes readable when the child exits, or -1 when the kernel has none
    /// (then callers poll `exitStatusIfExited()`).
    let exitNotification: Int32
    private let reaped = Mutex<ExitStatus?>(nil)

    init(pid: pid_t, master: Int32) {
        self.pid = pid
        self.masterFileDescriptor = master
        self.exitNotification = cpty_pidfd_open(pid)
    }

    deinit {
        // Reap a child that already ended, so dropping the object leaves no zombie behind.
        // A child still running is left alone (it gets EIO/SIGHUP once the master closes).
        _ = try? exitStatusIfExited()
        if masterFileDescriptor >= 0 { close(masterFileDescriptor) }
        if exitNotification >= 0 { close(exitNotification) }
    }

    /// Starts `command` (argv; the first element is searched in `PATH`) on a new pty.
    ///
    /// - Parameters:
    ///   - environment: "NAME=value" strings, or nil to pass our own environment.
    ///   - windowSize: the pty's initial size, seen by the child from its first instruction.
    ///   - copyingModesFrom: a terminal whose termios the pty starts with (the user's terminal,
    ///     so erase/kill characters and the like match); nil or a non-terminal: kernel defaults.
    /// - Throws: `SystemError` with call "execvp" and subject "cannot run 'cmd'" when the command
    ///   cannot be executed (`shellExitCode` is then 127 or 126, like a shell); other
    ///   `SystemError`s when the pty or fork fails.
    public static func spawn(
        _ command: [String],
        environment: [String]? = nil,
        windowSize: WindowSize = WindowSize(columns: 80, rows: 24),
        copyingModesFrom terminal: Int32? = nil
    ) throws(SystemError) -> ChildProcess {
        guard let file = command.first else {
            throw SystemError(call: "execvp", errno: ENOENT, subject: "cannot run an empty command")
        }
        var modes = termios()
        let hasModes = terminal.map { isatty($0) == 1 && tcgetattr($0, &modes) == 0 } ?? false
        var size = windowSize.winsize

        var child = cpty_child()
        let result = CStringArray.withArgv(command, environment: environment) { argv, envp in
            withUnsafePointer(to: &modes) { modesPointer in
                cpty_spawn(file, argv, envp, hasModes ? modesPointer : nil, &size, &child)
            }
        }
        if result != 0 {
            throw SystemError(call: "forkpty", errno: Glibc.errno, subject: "cannot start '\(file)'")
        }
        if child.exec_errno != 0 {
            throw SystemError(call: "execvp", errno: child.exec_errno, subject: "cannot run '\(file)'")
        }
        return ChildProcess(pid: child.pid, master: child.master)
    }

    /// The pty's current size.
    public func windowSize() throws(SystemError) -> WindowSize {
        try WindowSize.read(from: masterFileDescriptor)
    }

    /// Resizes the pty; the kernel sends SIGWINCH to the child's foreground process group.
    public func setWindowSize(_ size: WindowSize) throws(SystemError) {
        try size.write(to: masterFileDescriptor)
    }

    /// Sends `signal` to the child. Does nothing once the child has been reaped.
    public func send(signal: Int32) throws(SystemError) {
        try reaped.withLock { status throws(SystemError) in
            guard status == nil else { return }
            try systemCall("kill") { kill(pid, signal) }
        }
    }

    /// The exit status if the child has ended (reaping it), nil while it still runs.
    public func exitStatusIfExited() throws(SystemError) -> ExitStatus? {
        try reap(options: WNOHANG)
    }

    /// Blocks until the child ends and returns its status.
    public func waitForExit() throws(SystemError) -> ExitStatus {
        // Only nil with WNOHANG.
        try reap(options: 0)!
    }

    private func reap(options: Int32) throws(SystemError) -> ExitStatus? {
        try reaped.withLock { status throws(SystemError) -> ExitStatus? in
            if let status { return status }
            var word: Int32 = 0
            let got = try systemCall("waitpid") { waitpid(pid, &word, options) }
            guard got == pid else { return nil }
            status = ExitStatus(waitStatus: word)
            return status
        }
    }
}

/// A NULL-terminated array of C strings for argv/envp, malloc'd so it outlives Swift's
/// temporary bridging; freed explicitly by its single owner (`spawn`).
struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[count] = nil
    }

    func withPointers<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        body(UnsafePointer(pointers))
    }

    func free() {
        for index in 0..<count { Glibc.free(pointers[index]) }
        pointers.deallocate()
    }

    /// Runs `body` with `command` as argv and `environment` ("NAME=value") as envp, or our own
    /// environment when nil; both are valid only during the call.
    static func withArgv<R>(_ command: [String], environment: [String]?,
                            _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>, UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let argv = CStringArray(command)
        let envp = environment.map(CStringArray.init)
        defer {
            argv.free()
            envp?.free()
        }
        return argv.withPointers { argvPointer in
            if let envp { return envp.withPointers { body(argvPointer, $0) } }
            return body(argvPointer, UnsafePointer(environ))
        }
    }
}
