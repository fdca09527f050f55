import Glibc

/// The signals a session relays, and how they are kept away from default handling.
///
/// The relay receives signals synchronously through a signalfd, which only works while they
/// are blocked in every thread: a process-directed signal goes to any thread that does not
/// block it, and for SIGTERM/SIGHUP/SIGINT the default action would end scrollvault without
/// restoring the terminal or archiving. Threads inherit the mask of the thread that creates
/// them, so `LiveRecorder.run` (called while the process has no other thread) calls
/// `SessionSignals.block()` first of all, before the session starts its threads (output pump,
/// emulator, line assembly, archive writer); `Relay` blocks them again before it opens its
/// signalfd, for callers without a recorder.
///
/// They stay blocked after the session: a SIGTERM arriving while the archive is finishing
/// must not cut it short (it stays pending and is discarded at exit). The child gets an empty
/// mask and default dispositions (reset in C before exec).
public enum SessionSignals {
    /// Read through the signalfd and acted on by `Relay`.
    public static let relayed: [Int32] = [SIGWINCH, SIGTERM, SIGHUP, SIGINT]

    /// Blocked but never read: a write to a closed stdout returns EPIPE instead of killing us.
    static let blockedOnly: [Int32] = [SIGPIPE]

    /// Blocks the relayed signals and SIGPIPE in the calling thread (and so in every thread it
    /// creates afterwards).
    public static func block() {
        var set = signalSet(relayed + blockedOnly)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func signalSet(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }
}
