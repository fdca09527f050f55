import CPTY
import Glibc
import Support

/// The control thread's poll loop of a `Relay` (see there for the threading model): signals,
/// forwarded requests, child exit, and the user's input on its way to the pty master.
///
/// Input is forwarded with back-pressure: while bytes wait for the child to make room in the
/// pty, no more input is read. Nothing here blocks except poll itself.
struct ControlLoop {
    private let relay: Relay
    private let master: Int32
    private let signals: Int32
    private let inputIsTerminal: Bool
    private var inputOpen: Bool
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var lastForwardedByte: UInt8?
    private var killDeadline: ContinuousClock.Instant?

    init(relay: Relay, master: Int32, signals: Int32, inputIsTerminal: Bool) {
        self.relay = relay
        self.master = master
        self.signals = signals
        self.inputIsTerminal = inputIsTerminal
        self.inputOpen = relay.configuration.input >= 0
    }

    private var input: Int32 { relay.configuration.input }
    private var child: ChildProcess { relay.child }

    mutating func run() throws(SystemError) -> ExitStatus {
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: OutputPump.chunkSize, alignment: 16)
        defer { readBuffer.deallocate() }
        let exitNotification = child.exitNotification

        while true {
            if let status = try child.exitStatusIfExited() { return status }

            // Slots: 0 signals, 1 requests, 2 exit, 3 input, 4 master (each fd -1 when unused).
            let wantsInput = inputOpen && pending.isEmpty
            var fds = [
                pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
                pollfd(fd: relay.requestDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: exitNotification, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wantsInput ? input : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pending.isEmpty ? -1 : master, events: Int16(POLLOUT), revents: 0),
            ]
            try systemCall("poll") { poll(&fds, nfds_t(fds.count), pollTimeout()) }

            if fds[0].revents != 0 {
                while true {
                    let number = try systemCall("read(signalfd)") { cpty_signalfd_next(signals) }
                    if number == 0 { break }
                    handle(signal: number)
                }
            }
            if fds[1].revents != 0 {
                var number: Int32 = 0
                while (try? systemCall("read") {
                    read(relay.requestDescriptor, &number, MemoryLayout<Int32>.size)
                }) == MemoryLayout<Int32>.size {
                    handle(signal: number)
                }
            }
            if fds[3].revents != 0 { readInput(into: readBuffer) }
            if fds[4].revents != 0 { writePending() }
            if let deadline = killDeadline, ContinuousClock.now >= deadline {
                killDeadline = nil
                sendToChild(SIGKILL)
            }
        }
    }

    /// Infinite unless a SIGKILL is scheduled, or the kernel has no pidfd (then we look at the
    /// child every 50 ms).
    private func pollTimeout() -> Int32 {
        var timeout: Int64 = child.exitNotification >= 0 ? -1 : 50
        if let deadline = killDeadline {
            let left = max(0, (deadline - ContinuousClock.now).milliseconds)
            timeout = timeout < 0 ? left : min(timeout, left)
        }
        return Int32(clamping: timeout)
    }

    // MARK: Signals

    private mutating func handle(signal: Int32) {
        switch signal {
        case SIGWINCH:
            let output = relay.configuration.output
            guard let size = WindowSize.ofTerminal(input) ?? WindowSize.ofTerminal(output) else {
                return
            }
            do {
                try child.setWindowSize(size)
                relay.reportResize(size)
            } catch {
                relay.record(error)
            }
        case SIGTERM, SIGHUP:
            terminateChild(with: signal)
        case SIGINT where !inputIsTerminal:
            terminateChild(with: signal)
        default:
            sendToChild(signal)
        }
    }

    /// Forwards `signal` and gives the child the grace period to exit before SIGKILL. A second
    /// signal does not extend the deadline.
    private mutating func terminateChild(with signal: Int32) {
        sendToChild(signal)
        if killDeadline == nil {
            killDeadline = .now + relay.configuration.terminationGracePeriod
        }
    }

    private func sendToChild(_ signal: Int32) {
        do {
            try child.send(signal: signal)
        } catch {
            if error.errno != ESRCH { relay.record(error) }
        }
    }

    // MARK: Input

    private mutating func readInput(into buffer: UnsafeMutableRawBufferPointer) {
        let count: Int
        do {
            count = try systemCall("read") { read(input, buffer.baseAddress, buffer.count) }
        } catch {
            if error.errno == EAGAIN { return }
            // EIO: the terminal hung up (SIGHUP follows). Anything else: give input up.
            if error.errno != EIO { relay.record(error) }
            inputOpen = false
            return
        }
        if count == 0 {
            inputOpen = false
            if !inputIsTerminal { pending.append(contentsOf: endOfFileBytes()) }
        } else {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            lastForwardedByte = buffer[count - 1]
        }
        writePending()
    }

    /// The end of non-terminal input, told to the child as a terminal would: the EOF character
    /// (^D unless the child changed it). In canonical mode one ^D after a partial line only
    /// delivers that line, so a second one follows it. script(1) sends a single one.
    private func endOfFileBytes() -> [UInt8] {
        var modes = termios()
        guard tcgetattr(master, &modes) == 0 else { return [4] }
        let character = withUnsafeBytes(of: modes.c_cc) { $0[Int(VEOF)] }
        guard character != 0 else { return [] }  // _POSIX_VDISABLE: the child has no EOF key
        let canonical = modes.c_lflag & tcflag_t(ICANON) != 0
        let partialLine = lastForwardedByte.map { $0 != 0x0A && $0 != 0x0D } ?? false
        return canonical && partialLine ? [character, character] : [character]
    }

    /// Writes as much of the pending input as the pty takes now (the master is non-blocking).
    private mutating func writePending() {
        while pendingStart < pending.count {
            let written: Int
            do {
                let start = pendingStart
                written = try systemCall("write") {
                    pending.withUnsafeBytes { bytes in
                        write(master, bytes.baseAddress! + start, bytes.count - start)
                    }
                }
            } catch {
                if error.errno == EAGAIN { return }
                // EIO: the child side is gone; its exit is about to be noticed.
                if error.errno != EIO { relay.record(error) }
                pending.removeAll(keepingCapacity: true)
                pendingStart = 0
                inputOpen = false
                return
            }
            pendingStart += written
        }
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
    }
}
