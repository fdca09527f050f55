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
    /// When the oldest waiting line arrived (monotonic ns).
    private var firstArrival: UInt64 = 0
    /// The writer wakes for a full batch, or once the oldest line has waited `batchDelay`:
    /// waking it per line cost a context switch per line (12% of a burst's CPU, measured).
    let batchLines = 1024
    let batchDelayNanoseconds: UInt64 = 20_000_000

    init(maxLines: Int, maxBytes: Int) {
        self.maxLines = max(1, maxLines)
        self.maxBytes = max(1, maxBytes)
    }

    /// Adds a line, waiting while the queue is full. Lines pushed after `close()` are dropped.
    /// The text and runs are copied; the caller's buffers are free again on return.
    func push(text: UnsafeBufferPointer<UInt8>, timestamp: Int64, mark: UInt8, styleRuns: UnsafeBufferPointer<StyleRun>) {
        let cost = LineBatch.cost(textBytes: text.count, runBytes: styleRuns.count * 40)
        monitor.withLock {
            while !closing && !lines.isEmpty && (lines.count >= maxLines || bytes + cost > maxBytes) {
                monitor.waitAsProducer()
            }
            guard !closing else { return }
            if lines.isEmpty { firstArrival = Clock.monotonicNanoseconds() }
            lines.append(text: text, timestamp: timestamp, mark: mark, styleRuns: styleRuns)
            bytes += cost
            pushed += 1
            // The first line wakes a writer sleeping on an empty queue (it then waits up to
            // `batchDelay` for more); a full batch wakes it at once.
            if lines.count == 1 || lines.count == batchLines || lines.count >= maxLines || bytes >= maxBytes {
                monitor.wakeConsumer()
            }
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
                firstArrival = Clock.monotonicNanoseconds()
                swap(&lines, &batch)
            } else {
                lines.append(contentsOf: batch)
            }
            bytes += cost
            pushed += Int64(count)
            if wasEmpty || lines.count >= batchLines || lines.count >= maxLines || bytes >= maxBytes {
                monitor.wakeConsumer()
            }
        }
        batch.removeAll()
    }

    /// Replaces the screen snapshot waiting for the writer. It is ordered after every line
    /// pushed before it, and never waits for room: only the newest snapshot is kept.
    func pushScreen(_ snapshot: inout LineBatch) {
        monitor.withLock {
            guard !closing else { return }
            if lines.isEmpty && screen == nil && events.isEmpty {
                firstArrival = Clock.monotonicNanoseconds()
                monitor.wakeConsumer()
            }
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
            if lines.isEmpty && screen == nil && events.isEmpty {
                firstArrival = Clock.monotonicNanoseconds()
                monitor.wakeConsumer()
            }
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
            while !closing && lines.count < min(batchLines, maxLines) && bytes < maxBytes {
                let now = Clock.monotonicNanoseconds()
                if let deadline, now >= deadline { break }
                if lines.isEmpty && screen == nil && events.isEmpty {
                    monitor.waitAsConsumer(until: deadline)
                    continue
                }
                let due = firstArrival + batchDelayNanoseconds
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

    var isEmpty: Bool { monitor.withLock { lines.isEmpty && screen == nil && events.isEmpty } }

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
