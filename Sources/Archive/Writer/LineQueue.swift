import Support
/// The bounded hand-over between the producer (the recorder) and the writer thread.
///
/// Bounded in lines AND bytes so resident memory stays capped whatever the lines look like: a
/// producer blocks while it is full. The writer always drains it (even while the database is
/// failing), so a producer never blocks forever.
final class LineQueue: @unchecked Sendable {
    let maxLines: Int
    let maxBytes: Int
    private let monitor = Monitor()
    private var lines = LineBatch()
    private var spare = LineBatch()
    private var bytes = 0
    private var closing = false
    /// The latest screen snapshot not yet taken, and how many lines had been pushed before it
    /// (its first line's index among all lines pushed). A newer snapshot replaces it.
    private var screen: LineBatch?
    private var screenAfter: Int64 = 0
    /// Shell events not yet taken, in order.
    private var events: [CommandEvent] = []
    /// Snapshots and event lists pushed so far, and how many of them the writer has stored
    /// (or found unchanged): `waitUntilSettled` waits for lines and these alike.
    private var updatesPushed: Int64 = 0
    private var updatesSettled: Int64 = 0
    /// Lines accepted so far, and how many of them the writer has committed (or given up on).
    private var pushed: Int64 = 0
    private var settled: Int64 = 0
    private var stopped = false
    /// The writer wakes for a full batch (`batchLines`, or the queue's bounds), or once the
    /// oldest line has waited 20 ms: waking it per line cost a context switch per line (12% of
    /// a burst's CPU, measured).
    private var handOff: HandOff

    /// The default policy: batches of 1,024 lines, 20 ms.
    static let defaultHandOff = HandOffPolicy(fullBatch: 1024, maxDelayNanoseconds: 20_000_000)

    init(maxLines: Int, maxBytes: Int, handOff policy: HandOffPolicy = LineQueue.defaultHandOff) {
        self.maxLines = max(1, maxLines)
        self.maxBytes = max(1, maxBytes)
        handOff = HandOff(policy)
        batchLines = policy.fullBatch
    }

    /// Lines that make a full batch: read by the writer without the lock, so a constant.
    let batchLines: Int


    /// Whether the queue holds a batch to take at once: a full one, or as much as it may hold.
    private var isFull: Bool { handOff.isFullBatch(lines.count) || lines.count >= maxLines || bytes >= maxBytes }

    /// Adds a line, waiting while the queue is full. Lines pushed after `close()` are dropped.
    /// The text and runs are copied; the caller's buffers are free again on return.
    func push(text: UnsafeBufferPointer<UInt8>, timestamp: Int64, mark: UInt8, styleRuns: UnsafeBufferPointer<StyleRun>) {
        let cost = LineBatch.cost(textBytes: text.count, runBytes: styleRuns.count * 40)
        monitor.withLock {
            while !closing && !lines.isEmpty && (lines.count >= maxLines || bytes + cost > maxBytes) {
                monitor.waitAsProducer()
            }
            guard !closing else { return }
            let wasEmpty = lines.isEmpty
            lines.append(text: text, timestamp: timestamp, mark: mark, styleRuns: styleRuns)
            bytes += cost
            pushed += 1
            if handOff.arrived(wasEmpty: wasEmpty, queued: lines.count, full: isFull) { monitor.wakeConsumer() }
        }
    }

    /// Adds a producer's batch of lines, waiting while the queue is full (a batch larger than
    /// the bounds goes into an empty queue whole). The batch comes back empty: when the queue
    /// was empty the two swap buffers, so the lines are not copied at all.
    func push(_ batch: inout LineBatch) {
        guard !batch.isEmpty else { return }
        let cost = batch.cost
        let count = batch.count
        monitor.withLock {
            while !closing && !lines.isEmpty && (lines.count + count > maxLines || bytes + cost > maxBytes) {
                monitor.waitAsProducer()
            }
            guard !closing else { return }
            let wasEmpty = lines.isEmpty
            if wasEmpty {
                swap(&lines, &batch)
            } else {
                lines.append(contentsOf: batch)
            }
            bytes += cost
            pushed += Int64(count)
            if handOff.arrived(wasEmpty: wasEmpty, queued: lines.count, full: isFull) { monitor.wakeConsumer() }
        }
        batch.removeAll()
    }

    /// Replaces the screen snapshot waiting for the writer. It is ordered after every line
    /// pushed before it, and never waits for room: only the newest snapshot is kept.
    func pushScreen(_ snapshot: inout LineBatch) {
        monitor.withLock {
            guard !closing else { return }
            if handOff.arrived(wasEmpty: holdsNothing, queued: 0) { monitor.wakeConsumer() }
            screen = snapshot
            screenAfter = pushed
            updatesPushed += 1
        }
        snapshot = LineBatch()
    }

    /// Adds shell events for the writer; like snapshots they never wait for room (a prompt
    /// or two per command).
    func pushEvents(_ new: [CommandEvent]) {
        guard !new.isEmpty else { return }
        monitor.withLock {
            guard !closing else { return }
            if handOff.arrived(wasEmpty: holdsNothing, queued: 0) { monitor.wakeConsumer() }
            events += new
            updatesPushed += 1
        }
    }

    /// What `take` hands the writer: the lines queued, the newest screen snapshot with the
    /// index of the first line pushed after it was, how many snapshots were pushed up to it,
    /// and whether the writer is to stop.
    struct Taken {
        var lines: LineBatch
        var screen: (lines: LineBatch, after: Int64)?
        var events: [CommandEvent]
        var updatesThrough: Int64
        var closing: Bool
    }

    /// Takes everything queued, waiting until there is something, the deadline passes
    /// (monotonic ns; nil waits indefinitely) or `close()` is called. `closing` tells the
    /// writer to flush and stop once this batch is handled.
    func take(until deadline: UInt64?) -> Taken {
        monitor.withLock {
            while !closing && !isFull {
                let now = Clock.monotonicNanoseconds()
                if let deadline, now >= deadline { break }
                if holdsNothing {
                    monitor.waitAsConsumer(until: deadline)
                    continue
                }
                let due = handOff.due
                if now >= due { break }
                monitor.waitAsConsumer(until: deadline.map { min($0, due) } ?? due)
            }
            let batch = lines
            lines = spare
            spare = LineBatch()
            bytes = 0
            let snapshot = screen.map { ($0, screenAfter) }
            screen = nil
            let taken = events
            events.removeAll()
            monitor.wakeProducers()
            return Taken(lines: batch, screen: snapshot, events: taken, updatesThrough: updatesPushed, closing: closing)
        }
    }

    /// Gives back a handled batch so its buffers are reused.
    func recycle(_ batch: inout LineBatch) {
        batch.removeAll()
        monitor.withLock { spare = batch }
        batch = LineBatch()
    }

    var isEmpty: Bool { monitor.withLock { holdsNothing } }

    /// Whether nothing waits for the writer. With the lock held.
    private var holdsNothing: Bool { lines.isEmpty && screen == nil && events.isEmpty }

    /// Called by the writer after a commit: the first `count` lines ever pushed are settled
    /// (committed, or dropped while the database failed). Wakes `waitUntilSettled`.
    func markSettled(_ count: Int64, updates: Int64) {
        monitor.withLock {
            settled = max(settled, count)
            updatesSettled = max(updatesSettled, updates)
            monitor.wakeProducers()
        }
    }

    /// Called by the writer when its thread ends, so no waiter waits for it.
    func markStopped() {
        monitor.withLock {
            stopped = true
            monitor.wakeProducers()
        }
    }

    /// Waits until every line pushed before the call is settled (or the writer stopped).
    /// Returns false if the writer stopped first.
    func waitUntilSettled() -> Bool {
        monitor.withLock {
            let target = pushed, screens = updatesPushed
            while (settled < target || updatesSettled < screens) && !stopped { monitor.waitAsProducer() }
            return settled >= target && updatesSettled >= screens
        }
    }

    /// Asks the writer to finish; wakes blocked producers, whose lines are then dropped.
    func close() {
        monitor.withLock {
            closing = true
            monitor.wakeConsumer()
            monitor.wakeProducers()
        }
    }
}
