/// Lets a worker thread that holds up the relay leave its `WorkerPlacement` for a while.
///
/// Kept off one CPU, the workers share the others with whatever else the machine runs. When
/// that is a CPU-bound program on the very CPUs they were given (`taskset` puts one there, or
/// the machine has only two), the emulator falls behind, its ring fills and the output waits
/// for it: measured on a 2-CPU VM with two busy loops pinned to CPU 1, a 256 MiB burst took
/// 9.3 s with the workers kept to CPU 1 against 7.9 s unpinned. So the thread that feeds on the
/// relay's output watches whether the relay had to wait for it, and when it did, it may use
/// every CPU for `openFor` (renewed while the relay keeps waiting), then goes back. With the
/// valve the same burst took 5.25 s, against 5.98 s without it and 5.60 s unpinned (medians of
/// 5). On an idle machine the relay waits for the emulator in 1-5 of ~900 hand-overs of log
/// text and 42 of 258 of emoji text (where the emulator is the limit).
public struct PlacementValve {
    private let placement: WorkerPlacement?
    private let openForNanoseconds: UInt64
    /// While released: when the thread goes back to its placement (monotonic ns).
    private var releasedUntil: UInt64?
    /// How many times the thread left its placement, for tests and reports.
    public private(set) var releases = 0

    /// A nil placement makes a valve that never moves the thread.
    public init(placement: WorkerPlacement?, openForMilliseconds: UInt64 = 1_000) {
        self.placement = placement
        openForNanoseconds = openForMilliseconds * 1_000_000
    }

    /// Called by the thread itself between pieces of work: `relayWaited` says whether the
    /// relay waited for it since the last call; `now` is monotonic nanoseconds.
    public mutating func observe(relayWaited: Bool, now: UInt64) {
        guard let placement else { return }
        if relayWaited {
            if releasedUntil == nil {
                placement.releaseCurrentThread()
                releases += 1
            }
            releasedUntil = now + openForNanoseconds
        } else if let until = releasedUntil, now >= until {
            placement.applyToCurrentThread()
            releasedUntil = nil
        }
    }
}
