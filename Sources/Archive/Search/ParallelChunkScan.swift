import Glibc
import Support

/// Runs `ChunkScanner` over a stream of chunks on one thread per CPU the process may
/// use, and hands the results back in the order the chunks came in.
///
/// The search thread steps SQLite (a connection belongs to one thread) and copies each
/// compressed body into a batch; workers decompress and match. The first chunks are scanned
/// on the search thread itself: a query whose literals picked a handful of chunks, or whose
/// first chunks hold `--limit` hits, never waits for a thread to be started or woken (on a
/// busy machine each wake-up can cost a scheduler slice). Past that, batches double from one
/// chunk up, so a full scan pays for a lock round trip only every few dozen chunks. At most
/// a few batches per worker are in flight: once the search has its hits, `stop()` drops the
/// rest unscanned. With a single CPU, every chunk is scanned on the search thread.
final class ParallelChunkScan: @unchecked Sendable {
    private let options: ChunkScanOptions
    private let workerCount: Int
    private let maxInFlight: Int
    private static let largestBatch = 32
    /// Chunks scanned on the search thread before the workers start (about a millisecond).
    private static let inlineChunks = 24

    // The batch being filled (search thread only).
    private var batch = Batch()
    private var batchSize = 1
    private var nextSequence = 0
    private var nextToDeliver = 0
    private let inline: ChunkScanner
    private var scannedInline = 0

    // Shared with the workers, under `monitor`.
    private let monitor = Monitor()
    private var queue: [Batch] = []
    private var queueHead = 0
    private var finished: [Int: [ScannedChunk]] = [:]
    private var stopping = false
    private var threads: [JoinableThread] = []

    /// Compressed chunk bodies back to back, with what each one is.
    private struct Batch {
        var sequence = 0
        var bytes: [UInt8] = []
        var chunks: [(id: Int64, session: Int64, firstLine: Int64, provisional: Bool, start: Int, count: Int)] = []
    }

    init(_ options: ChunkScanOptions) {
        self.options = options
        workerCount = max(1, WorkerPlacement.allowedCPUs()?.count ?? 1)
        maxInFlight = 3 * workerCount
        inline = ChunkScanner(options)
    }

    deinit { stop() }

    /// Queues one chunk (its compressed body is copied); `provisional` marks a screen tail's.
    func submit(body: UnsafeRawBufferPointer, id: Int64, session: Int64, firstLine: Int64, provisional: Bool) throws(ArchiveError) {
        batch.chunks.append((id, session, firstLine, provisional, batch.bytes.count, body.count))
        batch.bytes.append(contentsOf: body)
        if batch.chunks.count >= (scanningInline ? 1 : batchSize) { try dispatch() }
    }

    /// Hands the partly filled batch to the workers (call before waiting for the last results).
    func flush() throws(ArchiveError) {
        if !batch.chunks.isEmpty { try dispatch() }
    }

    /// Whether the window of batches in flight is full: the search thread must take the next
    /// results before it reads more chunks (this bounds the memory a full scan holds).
    var isFull: Bool { nextSequence - nextToDeliver >= maxInFlight }

    /// The results of the next batch in submission order: waits for them when `wait` is true,
    /// else nil unless they are ready. Nil when nothing is outstanding.
    func next(wait: Bool) -> [ScannedChunk]? {
        guard nextToDeliver < nextSequence else { return nil }
        let sequence = nextToDeliver
        let ready: [ScannedChunk]? = monitor.withLock {
            while finished[sequence] == nil && wait { monitor.waitAsProducer() }
            return finished.removeValue(forKey: sequence)
        }
        if ready != nil { nextToDeliver += 1 }
        return ready
    }

    /// Ends the workers; batches not yet scanned are dropped. Idempotent.
    func stop() {
        let running: [JoinableThread] = monitor.withLock {
            stopping = true
            monitor.wakeAllConsumers()
            defer { threads = [] }
            return threads
        }
        for thread in running { thread.join() }
    }

    private var scanningInline: Bool { workerCount == 1 || scannedInline < Self.inlineChunks }

    private func dispatch() throws(ArchiveError) {
        var full = batch
        full.sequence = nextSequence
        nextSequence += 1
        batch = Batch()
        if scanningInline {
            scannedInline += full.chunks.count
            let results = Self.scan(full, with: inline)
            monitor.withLock { finished[full.sequence] = results }
            return
        }
        batchSize = min(batchSize * 2, Self.largestBatch)
        try startWorkersIfNeeded()
        monitor.withLock {
            queue.append(full)
            monitor.wakeConsumer()
        }
    }

    private func startWorkersIfNeeded() throws(ArchiveError) {
        guard threads.isEmpty else { return }
        var started: [JoinableThread] = []
        for _ in 0..<workerCount {
            do {
                started.append(try JoinableThread { [self] in work() })
            } catch {
                monitor.withLock { threads = started }
                stop()
                throw .io(call: error.call, path: "search worker", errno: error.errno)
            }
        }
        monitor.withLock { threads = started }
    }

    /// A worker's loop: take the oldest batch, scan it, post its results.
    private func work() {
        let scanner = ChunkScanner(options)
        while true {
            let job: Batch? = monitor.withLock {
                while !stopping && queueHead == queue.count { monitor.waitAsConsumer(until: nil) }
                guard !stopping else { return nil }
                let job = queue[queueHead]
                queueHead += 1
                if queueHead > 64 && queueHead * 2 > queue.count {
                    queue.removeFirst(queueHead)
                    queueHead = 0
                }
                return job
            }
            guard let job else { return }
            let results = Self.scan(job, with: scanner)
            monitor.withLock {
                finished[job.sequence] = results
                monitor.wakeProducers()
            }
        }
    }

    private static func scan(_ batch: Batch, with scanner: ChunkScanner) -> [ScannedChunk] {
        batch.bytes.withUnsafeBytes { bytes in
            batch.chunks.map { c in
                var result = scanner.scan(body: UnsafeRawBufferPointer(rebasing: bytes[c.start..<(c.start + c.count)]),
                                          id: c.id, session: c.session, firstLine: c.firstLine)
                result.provisional = c.provisional
                return result
            }
        }
    }
}
