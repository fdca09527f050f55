import PageStore
import Support
import Terminal

/// Runs the line assembler (and the consumer behind it) on a thread of its own, reading the
/// history rows the emulator lends it straight from page memory.
///
/// Assembling lines and handing them to the archive was a quarter of the emulator thread on
/// emoji and CJK output, which no single change to the emulator could win back; here it
/// overlaps with parsing the next bytes. Rows are not copied: the page list lends ranges of
/// rows and waits for this thread before it releases or moves their memory (see
/// `DeferredEvictionSink`), and everything else the two threads share is handed over under
/// the monitor's lock, in ticket order.
final class LineAssemblyThread: DeferredEvictionSink, @unchecked Sendable {
    private enum Work {
        case rows(LentRows)
        /// Hand the lines gathered so far onward (the feeder is about to wait for output).
        case flush
        /// Work that must follow every line completed from the rows lent before it.
        case afterLentRows(() -> Void)
    }

    private let monitor = Monitor()
    // Under the monitor's lock.
    private var queue: [Work] = []
    /// Each piece of work wakes the thread (`.immediate`): the feeder waits for lent rows to be
    /// read before it releases their page, so holding them back for a batch would stall it.
    private var handOff: HandOff
    private var issued: UInt64 = 0
    private var read: UInt64 = 0
    private var stopping = false
    // Set once by `start`, before the thread runs; then used only on the thread, or by
    // the feeder after `drain()`.
    private var assembler: LineAssembler?
    private var flush: () -> Void = {}
    private var thread: JoinableThread?

    init(handOff policy: HandOffPolicy = .immediate) {
        handOff = HandOff(policy)
    }

    /// Starts the thread, assembling rows into `assembler`; `flush` is called on the thread
    /// for each `requestFlush()`, and `setup` first of all (it tunes the thread's scheduling).
    /// Returns false when no thread could be started: the caller then assembles lines on its
    /// own thread, as before.
    func start(assembling assembler: LineAssembler, setup: @escaping @Sendable () -> Void,
               flush: @escaping () -> Void) -> Bool {
        self.assembler = assembler
        self.flush = flush
        do {
            thread = try JoinableThread { [self] in
                setup()
                runLoop()
            }
            return true
        } catch {
            return false
        }
    }

    // MARK: Called by the feeder (the page list, the pipeline)

    func lend(_ rows: LentRows) -> UInt64 {
        if let ticket = enqueue(.rows(rows)) { return ticket }
        // Lent after `stop()` (which the feeder calls, so the thread has been joined): the
        // rows are read here and now; ticket 0 asks no one to wait.
        perform(.rows(rows))
        return 0
    }

    /// Asks the thread to hand its gathered lines onward once it has read what was lent before.
    func requestFlush() {
        if enqueue(.flush) == nil { perform(.flush) }
    }

    /// Runs `work` on the thread once it has read what was lent before (at once, on the
    /// caller's thread, when the thread has stopped).
    func requestAfterLentRows(_ work: @escaping () -> Void) {
        if enqueue(.afterLentRows(work)) == nil { perform(.afterLentRows(work)) }
    }

    func waitUntilRead(through ticket: UInt64) {
        monitor.withLock {
            while read < ticket { monitor.waitAsProducer() }
        }
    }

    /// Returns once everything asked of the thread is done; the caller may then touch the
    /// assembler and consumer itself until it lends or asks again.
    func drain() {
        waitUntilRead(through: monitor.withLock { issued })
    }

    /// Finishes what was asked and joins the thread. Called by the feeder; what it lends or
    /// asks afterwards is done on its own thread.
    func stop() {
        monitor.withLock {
            stopping = true
            monitor.wakeConsumer()
        }
        thread?.join()
    }

    /// Not used by the page list for a deferred sink; correct anyway: the row is read here,
    /// after the thread has read everything lent before it.
    func handOver(_ row: RowView) {
        drain()
        assembler?.handOver(row)
    }

    /// The work's ticket, or nil once the thread is stopping.
    private func enqueue(_ work: Work) -> UInt64? {
        monitor.withLock {
            if stopping || thread == nil { return nil }
            issued += 1
            let wasEmpty = queue.isEmpty
            queue.append(work)
            if handOff.arrived(wasEmpty: wasEmpty, queued: queue.count) { monitor.wakeConsumer() }
            return issued
        }
    }

    // MARK: The thread

    /// Does one piece of work: on the thread, or on the feeder once the thread has stopped.
    private func perform(_ work: Work) {
        switch work {
        case .rows(let rows):
            guard let assembler else { return }
            rows.forEach { assembler.handOver($0) }
        case .flush:
            flush()
        case .afterLentRows(let work):
            work()
        }
    }

    private func runLoop() {
        var batch: [Work] = []
        while true {
            let first: UInt64 = monitor.withLock {
                while !stopping {
                    if queue.isEmpty {
                        monitor.waitAsConsumer(until: nil)
                    } else if handOff.isFullBatch(queue.count) || Clock.monotonicNanoseconds() >= handOff.due {
                        break
                    } else {
                        monitor.waitAsConsumer(until: handOff.due)
                    }
                }
                swap(&batch, &queue)
                return read + 1
            }
            if batch.isEmpty { return }  // stopping, and nothing left to do
            for (offset, work) in batch.enumerated() {
                perform(work)
                let done = first + UInt64(offset)
                monitor.withLock {
                    read = done
                    monitor.wakeProducers()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
