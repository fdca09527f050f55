import CSupport
import Glibc

/// Keeps a busy recording thread from holding up the tasks that move output through the pty.
///
/// A burst is a relay race of short-running tasks (the child, the kernel's pty worker, the
/// output thread); under EEVDF (Linux 6.6+) a task woken on a CPU where one of the recorder's
/// busy threads runs may wait until that thread's slice ends. A 0.1 ms slice on those threads
/// (Linux 6.12+ honours a thread's own slice) lets the relay's tasks in at once; it changes
/// neither the threads' priority nor their share of the CPU. Measurements: docs/decisions.md.
public enum ShortSlice {
    /// The kernel's lower bound for a custom slice.
    public static let nanoseconds: UInt64 = 100_000

    /// Asks for a short slice for the calling thread. Best effort: an older kernel ignores the
    /// request, and a thread the user put in another scheduling class (real-time, idle) is left
    /// as it is. Returns the error instead of throwing, for callers that want to report it.
    @discardableResult
    public static func requestForCurrentThread() -> SystemError? {
        csupport_set_fair_slice(nanoseconds) == 0 ? nil : SystemError(call: "sched_setattr", errno: errno)
    }
}
