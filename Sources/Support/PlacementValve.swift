/// Lets a worker thread that holds up the relay leave its `WorkerPlacement` for a while.
///
/// Kept off one CPU, the workers share the others with whatever else the machine runs; when
/// that is a CPU-bound program on the very CPUs they were given, the emulator falls behind and
/// the output waits for it. So the thread that feeds on the relay's output watches whether the
/// relay had to wait for it, and when it did, it may use every CPU for `openFor` (renewed while
/// the relay keeps waiting), then goes back. Measurements: docs/decisions.md.
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
