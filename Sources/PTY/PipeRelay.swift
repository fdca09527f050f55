import Support
import CPTY
import Glibc

/// A command run on pipes instead of a terminal (`scrollvault exec`): programs see no terminal,
/// as under cron or CI. Its stdout and stderr are copied to ours as they arrive, one read at a
/// time in the order the reads complete (the nearest pipes allow to the order it wrote them),
/// and each chunk is shown to `observe` after it was passed on.
///
/// Our stdout closing (`exec … | head`) closes the child's pipe too, so it gets SIGPIPE as it
/// would without us. SIGTERM and SIGHUP sent to us are passed to the child; a ^C typed at the
/// terminal reaches it directly (it shares our process group), so SIGINT is passed on only
/// when a process sent it to us alone. The caller blocks those signals first
/// (`SessionSignals.block()`).
public enum PipeRelay {
    public enum Stream: Sendable {
        case output, error

        var ourDescriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
    }

    /// Runs `command` until it has exited and both its pipes are closed (a background process
    /// it left holding them keeps the relay going, as in a shell pipeline), and returns how it
    /// ended. `started` is called once the command runs.
    public static func run(
        _ command: [String],
        environment: [String]? = nil,
        started: () -> Void = {},
        observe: (Stream, UnsafeRawBufferPointer) -> Void
    ) throws(SystemError) -> ExitStatus {
        let output = try Pipe()
        let error = try Pipe()
        var signals = SessionSignals.signalSet(SessionSignals.relayed)
        let signalDescriptor = try systemCall("signalfd") { cpty_signalfd(&signals) }
        defer { close(signalDescriptor) }

        let child = try ChildProcess.spawn(command, environment: environment,
                                           standardOutput: output.writeEnd, standardError: error.writeEnd)
        output.closeWriteEnd()
        error.closeWriteEnd()
        started()

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { buffer.deallocate() }
        var open: [(Stream, Pipe)] = [(.output, output), (.error, error)]
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0.1.readEnd, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0))
            // Once the child runs nothing here throws: a failing poll or read ends the relay of
            // that output (all of them for poll), and the child's status is still returned.
            guard (try? systemCall("poll") { poll(&fds, nfds_t(fds.count), -1) }) != nil else { break }
            if fds.last!.revents != 0 { forwardSignals(from: signalDescriptor, to: child) }
            var closed: [Int] = []
            for (position, (stream, pipe)) in open.enumerated() where fds[position].revents != 0 {
                let count = (try? systemCall("read") { read(pipe.readEnd, buffer.baseAddress, buffer.count) }) ?? 0
                if count == 0 {
                    closed.append(position)
                    continue
                }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                do {
                    try writeFully(chunk, to: stream.ourDescriptor)
                } catch {
                    // Nobody reads our side any more: the child's side closes too.
                    closed.append(position)
                }
                observe(stream, chunk)
            }
            for position in closed.reversed() { open.remove(at: position).1.closeReadEnd() }
        }
        return try child.waitForExit()
    }

    private static func forwardSignals(from descriptor: Int32, to child: ChildProcess) {
        var sentByProcess: Int32 = 0
        while true {
            let signal = cpty_signalfd_next_sender(descriptor, &sentByProcess)
            guard signal > 0 else { return }
            if signal == SIGTERM || signal == SIGHUP || (signal == SIGINT && sentByProcess != 0) {
                try? child.send(signal: signal)
            }
        }
    }
}

/// A pipe whose ends this value closes (each at most once): close-on-exec, so only the
/// descriptor a child is given as its stdout or stderr crosses exec.
private final class Pipe {
    private(set) var readEnd: Int32
    private(set) var writeEnd: Int32

    init() throws(SystemError) {
        var fds: [Int32] = [-1, -1]
        try systemCall("pipe2") { cpty_pipe(&fds, 0) }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        closeReadEnd()
        closeWriteEnd()
    }

    func closeReadEnd() {
        if readEnd >= 0 { close(readEnd) }
        readEnd = -1
    }

    func closeWriteEnd() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }
}
