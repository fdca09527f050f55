import CSupport
import Glibc

/// Keeps a busy recording thread from holding up the tasks that move output through the pty.
///
/// A burst is a relay race between the child writing, the kernel worker that moves its bytes
/// through the pty, and the output thread reading them; each runs briefly and sleeps. The
/// recorder's other threads (emulator, line assembly, archive writer) run for milliseconds at
/// a time on the same few CPUs. Under EEVDF (Linux 6.6+) a task woken on a CPU where one of them
/// runs may wait until that thread's slice ends, so on a two-CPU machine every byte of the
/// burst waited behind our work. A 0.1 ms slice on those threads (Linux 6.12+ honours a
/// thread's own slice) lets the relay's tasks in at once; it changes neither the threads'
/// priority nor their share of the CPU.
///
/// Measured on 256 MiB of log text, `run -- cat` against `script`, rounds alternated with a
/// fresh archive each, paired median wall ratios, default slice -> 0.1 ms: 1.146 -> 1.111 (7
/// rounds), 1.029 -> 0.943 (7), 1.221 -> 1.048 (11; 1 ms gave 1.092); CPU time unchanged (user
/// 2.58 against 2.63 s). Runs while the host was saturated (script itself varying 4-17 s)
/// could not tell the two apart. Scheduler trace of one run each: the child's wake-ups that
/// waited over 0.1 ms for a CPU fell from 983 to 444, the pty worker's from 1229 to 880.
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
