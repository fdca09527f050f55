import CPTY
import Glibc
import Support
import Synchronization

/// Moves the child's output from the pty master to the user's terminal, then to the recorder.
///
/// Runs on its own thread so that typed-key echo is never delayed by anything else the session
/// does: each chunk is read into space the `destination` lends, written in full to the output
/// descriptor, and only then committed to the destination.
///
/// If the output descriptor fails (EPIPE after the reader went away, EIO after the terminal
/// hung up) the pump records the error once, stops writing there and keeps draining the child,
/// so the child never blocks on a full pty and the recorder still gets every byte.
///
/// It stops when the master reports EOF/EIO (every holder of the slave side closed it), or —
/// after being told the child exited — once the master has been silent for `idleAfterExit`
/// milliseconds (a background process that kept the slave open must not keep us forever).
final class OutputPump: Sendable {
    enum Command: UInt8 {
        /// The child has been reaped: drain what remains, then stop.
        case childExited = 1
        /// Stop now (the relay is unwinding after an error).
        case stop = 2
    }

    static let chunkSize = 64 * 1024
    /// Reads between polls while output flows: a pty read returns ~4 KiB, and a poll before
    /// each one was a third of the syscalls of a burst.
    static let readsPerPoll = 16

    private let master: Int32
    private let output: Int32
    private let destination: any OutputDestination
    private let idleAfterExit: Int32
    private let commandReader: Int32
    private let commandWriter: Int32
    let problems = Mutex<[SystemError]>([])

    init(
        master: Int32, output: Int32, idleAfterExitMilliseconds: Int32,
        destination: any OutputDestination
    ) throws(SystemError) {
        self.master = master
        self.output = output
        self.destination = destination
        self.idleAfterExit = idleAfterExitMilliseconds
        var ends: [Int32] = [-1, -1]
        try systemCall("pipe2") { cpty_pipe(&ends, 1) }
        commandReader = ends[0]
        commandWriter = ends[1]
    }

    deinit {
        close(commandReader)
        close(commandWriter)
    }

    /// Thread-safe: a single byte on a pipe, never blocks (the pipe cannot fill with two kinds
    /// of one-shot commands).
    func send(_ command: Command) {
        var byte = command.rawValue
        _ = try? systemCall("write") { write(commandWriter, &byte, 1) }
    }

    /// The thread body.
    func run() {
        // A write to a closed pipe must come back as EPIPE, not end the process, whatever the
        // creating thread's mask was (SIGPIPE from write is directed at the writing thread).
        var pipeSignal = SessionSignals.signalSet([SIGPIPE])
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        // For when the destination takes no more: the output is still shown and drained.
        let ownBuffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: Self.chunkSize, alignment: 16)
        defer { ownBuffer.deallocate() }
        var destinationOpen = true
        var outputWorks = true
        var childExited = false

        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: commandReader, events: Int16(POLLIN), revents: 0)]
        // While output keeps coming the master is read again without polling first (it is
        // non-blocking: EAGAIN sends the loop back to poll), up to `readsPerPoll` times, so a
        // command waits at most that many reads.
        var readsSincePoll = Self.readsPerPoll
        while true {
            if readsSincePoll >= Self.readsPerPoll {
                switch waitForOutput(&fds, childExited: &childExited) {
                case .stop: return
                case .nothingYet: continue
                case .readable: readsSincePoll = 0
                }
            }
            readsSincePoll += 1

            var buffer = ownBuffer
            if destinationOpen {
                if let lent = destination.reserveSpace(upTo: Self.chunkSize) {
                    buffer = lent
                } else {
                    destinationOpen = false
                }
            }
            let count: Int
            do {
                count = try systemCall("read") { read(master, buffer.baseAddress, buffer.count) }
            } catch {
                if destinationOpen { destination.commit(0) }
                if error.errno == EAGAIN {
                    readsSincePoll = Self.readsPerPoll
                    continue
                }
                if error.errno != EIO { record(error) }  // EIO: the slave side is closed
                return
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if outputWorks && count > 0 { outputWorks = writeFully(chunk) }
            if destinationOpen { destination.commit(count) }
            if count == 0 { return }
        }
    }

    private enum Wait { case readable, nothingYet, stop }

    /// Waits for output on `fds[0]` (the master) or a command on `fds[1]`. `.stop` when told
    /// to stop, when poll fails (recorded), or when the master stayed silent for
    /// `idleAfterExit` after the child exited.
    private func waitForOutput(_ fds: inout [pollfd], childExited: inout Bool) -> Wait {
        fds[0].revents = 0
        fds[1].revents = 0
        let ready: Int32
        do {
            let timeout = childExited ? idleAfterExit : -1
            ready = try systemCall("poll") { poll(&fds, nfds_t(fds.count), timeout) }
        } catch {
            record(error)
            return .stop
        }
        if ready == 0 { return .stop }  // silent since the child exited
        if fds[1].revents != 0 {
            var byte: UInt8 = 0
            while (try? systemCall("read") { read(commandReader, &byte, 1) }) == 1 {
                if byte == Command.stop.rawValue { return .stop }
                childExited = true
            }
        }
        return fds[0].revents != 0 ? .readable : .nothingYet
    }

    /// Writes all of `chunk` to the output (`writeFully`). Returns false after recording the
    /// error if the output is unusable.
    private func writeFully(_ chunk: UnsafeRawBufferPointer) -> Bool {
        do {
            try PTY.writeFully(chunk, to: output)
            return true
        } catch {
            record(SystemError(call: error.call, errno: error.errno,
                               subject: "writing the session to the output failed"))
            return false
        }
    }

    private func record(_ error: SystemError) {
        problems.withLock { $0.append(error) }
    }
}
