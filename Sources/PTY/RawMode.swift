import Glibc
import Support
import Synchronization

/// The user's terminal switched to raw mode for the length of a session.
///
/// In raw mode every key (^C, ^Z, ^D included) reaches the child as a byte, and our output is
/// not post-processed a second time (the pty already turned "\n" into "\r\n").
///
/// Restoring is idempotent and thread-safe; it happens on `restore()` and in `deinit`, so an
/// error unwinding through the owner restores too. The `Relay` turns SIGTERM/SIGHUP/SIGINT
/// into a normal return, so those also pass through `restore()`. Only an uncatchable end
/// (SIGKILL, a crash) can leave the terminal raw — `reset` or `stty sane` repairs it.
public final class RawMode: Sendable {
    public let fileDescriptor: Int32
    private let saved: Mutex<termios?>

    private init(fileDescriptor: Int32, saved: termios) {
        self.fileDescriptor = fileDescriptor
        self.saved = Mutex(saved)
    }

    deinit { restore() }

    /// Saves `fileDescriptor`'s modes and makes it raw. Returns nil (and changes nothing) when
    /// the descriptor is not a terminal.
    public static func enable(on fileDescriptor: Int32) throws(SystemError) -> RawMode? {
        guard isatty(fileDescriptor) == 1 else { return nil }
        var original = termios()
        try systemCall("tcgetattr") { tcgetattr(fileDescriptor, &original) }
        var raw = original
        cfmakeraw(&raw)
        try systemCall("tcsetattr") { tcsetattr(fileDescriptor, TCSANOW, &raw) }
        return RawMode(fileDescriptor: fileDescriptor, saved: original)
    }

    /// Puts the saved modes back (once; later calls do nothing).
    public func restore() {
        guard var original = saved.withLock({ saved in
            defer { saved = nil }
            return saved
        }) else { return }
        _ = try? systemCall("tcsetattr") { tcsetattr(fileDescriptor, TCSANOW, &original) }
    }
}
