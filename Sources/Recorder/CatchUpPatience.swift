import Glibc

/// When the background catch-up holds back so as not to compete with the user's work.
///
/// Indexing after a big session takes tens of seconds of CPU. If the user has meanwhile started
/// something else (a build, a benchmark, the next big command) the catch-up waits, looking at
/// the machine for `lookMilliseconds` at a time, until other processes leave the CPUs nearly idle.
/// Searches stay complete while it waits (they scan what is not indexed yet), only slower. On
/// a machine that is never quiet it indexes anyway, at its low priority, once it has waited
/// `longestWaitMilliseconds` in all.
///
/// Measured on the two-CPU machine here: `script` copying 256 MiB ran 4.3 s beside a busy
/// nice-10 loop against 5.9 s alone, so a catch-up that kept working through the next command
/// changed that command's timing (here, made a comparison with `script` meaningless).
public struct CatchUpPatience: Sendable {
    /// The catch-up waits while other processes keep more than this many CPUs busy.
    public var busyCPUs: Double
    /// The length of one look at the machine, and of each wait.
    public var lookMilliseconds: Int
    /// Total waiting after which it stops looking and indexes.
    public var longestWaitMilliseconds: Int

    public init(busyCPUs: Double, lookMilliseconds: Int, longestWaitMilliseconds: Int) {
        self.busyCPUs = busyCPUs
        self.lookMilliseconds = lookMilliseconds
        self.longestWaitMilliseconds = longestWaitMilliseconds
    }

    /// A quarter of a CPU: an idle desktop, a shell prompt or an editor stay well below it.
    public static let standard = CatchUpPatience(busyCPUs: 0.25, lookMilliseconds: 500,
                                                 longestWaitMilliseconds: 30_000)
    /// Never waits.
    public static let none = CatchUpPatience(busyCPUs: .infinity, lookMilliseconds: 0,
                                             longestWaitMilliseconds: 0)
}

/// The waiting itself: one per catch-up, asked before each slice.
struct QuietWait {
    private let patience: CatchUpPatience
    private var meter: OtherWorkMeter?
    private var waitedMilliseconds = 0
    private var looked = false

    init(_ patience: CatchUpPatience) {
        self.patience = patience
        meter = patience.longestWaitMilliseconds > 0 ? OtherWorkMeter() : nil
    }

    /// Returns once other processes have left the machine quiet over the last look (the first
    /// call waits for one look), when the last look is too recent to say (a slice is shorter
    /// than a look), once the patience is used up, or as soon as `stopRequested` says so.
    mutating func untilQuiet(stopRequested: () -> Bool) {
        guard meter != nil else { return }
        let lookSeconds = Double(patience.lookMilliseconds) / 1000
        while waitedMilliseconds < patience.longestWaitMilliseconds, !stopRequested() {
            if looked {
                guard let others = meter?.cpusUsedByOthers(overAtLeast: lookSeconds),
                      others > patience.busyCPUs else { return }
            }
            looked = true
            pause(stopRequested: stopRequested)
        }
    }

    /// Sleeps for one look, in steps of at most `stepMilliseconds` so that a stop request
    /// ends the wait (and releases the claim for the next catch-up) within one step.
    private mutating func pause(stopRequested: () -> Bool) {
        var remaining = patience.lookMilliseconds
        while remaining > 0, !stopRequested() {
            let step = min(remaining, Self.stepMilliseconds)
            var interval = timespec(tv_sec: 0, tv_nsec: step * 1_000_000)
            _ = nanosleep(&interval, nil)
            remaining -= step
            waitedMilliseconds += step
        }
    }

    static let stepMilliseconds = 50
}
