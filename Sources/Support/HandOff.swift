/// How a producer thread hands work to a consumer thread that sleeps on a queue: the first item
/// wakes the consumer, which then waits until a full batch is queued or the first item has
/// waited `maxDelayNanoseconds`, and takes everything at once.
///
/// Waking the consumer per item cost a context switch per item (per pty read, per line), which
/// gains nothing when what comes after it works in batches anyway (the archive commits every
/// 250 ms). Each queue measures a batch in its own unit: bytes, lines, pieces of work.
public struct HandOffPolicy: Sendable, Equatable {
    /// How much queued work makes a full batch, handed over at once.
    public var fullBatch: Int
    /// How long the oldest queued item may wait for a full batch; 0 hands every item over at once.
    public var maxDelayNanoseconds: UInt64

    public init(fullBatch: Int, maxDelayNanoseconds: UInt64) {
        self.fullBatch = max(1, fullBatch)
        self.maxDelayNanoseconds = maxDelayNanoseconds
    }

    /// Every item wakes the consumer, which takes it at once.
    public static let immediate = HandOffPolicy(fullBatch: 1, maxDelayNanoseconds: 0)
}

/// A queue's state under a `HandOffPolicy`: when its oldest item arrived. Kept and used under
/// the queue's lock; the queue keeps its items and decides what else counts as full (its bounds).
public struct HandOff {
    public let policy: HandOffPolicy
    /// When the oldest item still queued arrived (monotonic ns), while anything is queued.
    private var firstArrival: UInt64 = 0

    public init(_ policy: HandOffPolicy) {
        self.policy = policy
    }

    /// Producer side, after queuing: `wasEmpty` says the queue held nothing before, `queued` is
    /// how much it holds now, and `full` whether it is full by the queue's own bounds. Returns
    /// whether to wake the consumer: for the first item, or for a full batch.
    @inlinable
    public mutating func arrived(wasEmpty: Bool, queued: Int, full: Bool = false) -> Bool {
        if wasEmpty { noteFirstArrival() }
        return wasEmpty || full || isFullBatch(queued)
    }

    @usableFromInline
    mutating func noteFirstArrival() {
        if policy.maxDelayNanoseconds > 0 { firstArrival = Clock.monotonicNanoseconds() }
    }

    /// Whether `queued` is a full batch, to be taken without waiting.
    @inlinable
    public func isFullBatch(_ queued: Int) -> Bool { queued >= policy.fullBatch }

    /// Consumer side, with less than a full batch queued: when the oldest item has waited long
    /// enough and the consumer takes what there is (monotonic ns).
    public var due: UInt64 { firstArrival + policy.maxDelayNanoseconds }
}
