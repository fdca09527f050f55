#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time and process identity, in the units the archive stores.
public enum Clock {
    /// Milliseconds since the Unix epoch (CLOCK_REALTIME).
    public static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// A monotonic clock in nanoseconds, for commit intervals (immune to clock changes).
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public static func currentPID() -> Int32 { getpid() }
}
