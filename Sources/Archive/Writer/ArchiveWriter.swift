import Support
import Synchronization

/// Appends one session's lines to the archive from its own thread.
///
/// - `append` hands a line to a bounded queue (lines AND bytes) and returns; it blocks only
///   while the queue is full, so memory stays capped when the disk is slower than the pty.
/// - The writer thread packs lines into chunks and commits at least every 250 ms while lines
///   arrive (one IMMEDIATE transaction per batch): a line handed over is on disk within ~1 s,
///   and a SIGKILL loses at most that window (WAL keeps the file intact).
/// - It indexes behind: chunks are stored first, and added to the word index in small slices
///   whenever the queue is idle; `finish()` completes the index. Searches scan the unindexed
///   tail, so they stay complete meanwhile.
/// - On a database failure (disk full, read-only, locked past the busy timeout) it calls
///   `onError` once, keeps draining the queue so the producer never blocks forever, and
///   retries the failed batch every second. While failing it keeps at most
///   `Options.maxPendingBytes` of compressed chunks and drops the oldest beyond that (their
///   line numbers are then missing from the session). A later success re-arms the report.
///
/// Call `finish()` when the session ends (dropping the writer does it too), then
/// `Archive.finishSession`.
public final class ArchiveWriter: @unchecked Sendable {
    public struct Options: Sendable {
        public enum Indexing: Sendable, Equatable {
            /// Index in slices when idle and completely in `finish()`.
            case behind
            /// Never index (tests of the unindexed tail; bulk loads that index later).
            case held
        }
        /// Queue bounds: a full queue makes the producer wait. Small on purpose: with 16,384
        /// lines / 4 MiB (and 8 MiB of compressed chunks before a forced commit) the recorder
        /// peaked at 76 MiB RSS on log text at a 16 MiB scrollback budget; with these, 45 MiB.
        public var maxQueuedLines = 4_096
        public var maxQueuedBytes = 1 << 20
        /// When the writer thread wakes for queued lines (see `HandOffPolicy`): batches of
        /// 1,024 lines or 20 ms.
        public var handOff = LineQueue.defaultHandOff
        public var commitIntervalMilliseconds = 250
        public var indexing: Indexing = .behind
        /// How long `finish()` may spend bringing the index up to date; nil means until it is.
        /// `import` waits for a complete index; `run` must hand the user's prompt back at
        /// once, so it indexes for a moment and leaves the rest to the next writer's idle
        /// slices (queries scan the unindexed tail meanwhile, so nothing is missed).
        public var finishIndexingMilliseconds: Int? = nil
        /// Indexing behind starts only after this long without new lines, so a burst of
        /// output keeps both cores for reading and emulating.
        public var indexQuietMilliseconds = 200
        /// Chunks per index slice: small enough that new lines wait little behind it.
        public var indexSliceChunks = 32
        /// How chunks sealed during a burst (the writer took a full batch) are compressed.
        /// `run` asks for `.fast`: zstd was the largest cost of a burst (see `Lz4Block`), and
        /// the chunks are rewritten densely when the output goes quiet. Chunks sealed while
        /// output trickles in, and every chunk of an `import`, are dense.
        public var burstCompression: ChunkCompression = .dense
        /// Compressed chunks kept for retry while the database fails.
        public var maxPendingBytes = 32 << 20
        /// How long a commit waits for another connection's lock before counting as failed.
        public var busyTimeoutMilliseconds: Int32 = 5_000
        /// How the writer's connection stores chunks (and creates the file if it is new).
        public var tuning = ArchiveTuning()
        /// Runs first on the writer's thread: the recorder tunes the thread's scheduling there
        /// (the archive knows nothing of the pty it shares the CPUs with).
        public var threadSetup: @Sendable () -> Void = {}
        public init() {}
    }

    public let session: Int64
    private let queue: LineQueue
    private let progress: WriterProgress
    private let thread = Mutex<JoinableThread?>(nil)

    public convenience init(path: String, session: Int64, onError: @escaping @Sendable (ArchiveError) -> Void) throws(ArchiveError) {
        try self.init(path: path, session: session, options: Options(), onError: onError)
    }

    public init(path: String, session: Int64, options: Options, onError: @escaping @Sendable (ArchiveError) -> Void) throws(ArchiveError) {
        let archive = try Archive(path: path, mode: .readWrite, tuning: options.tuning)
        guard try archive.session(id: session) != nil else { throw .sessionNotFound(String(session)) }
        self.session = session
        queue = LineQueue(maxLines: options.maxQueuedLines, maxBytes: options.maxQueuedBytes, handOff: options.handOff)
        progress = WriterProgress()
        let loop = try WriterLoop(archive: archive, session: session, options: options, queue: queue,
                                  progress: progress, onError: onError)
        let setup = options.threadSetup
        do {
            try thread.withLock { (slot) throws(SystemError) in
                slot = try JoinableThread {
                    setup()
                    loop.run()
                }
            }
        } catch {
            throw .io(call: error.call, path: path, errno: error.errno)
        }
    }

    /// A writer dropped without `finish()` still flushes: the thread holds the loop, not this.
    deinit { finish() }

    /// Hands a line to the writer thread. Thread-safe; blocks only while the queue is full.
    /// Lines appended after `finish()` are dropped.
    public func append(_ line: ArchiveLine) {
        var text = line.text
        text.withUTF8 { bytes in
            line.styleRuns.withUnsafeBufferPointer { runs in
                queue.push(text: bytes, timestamp: line.timestamp, mark: line.mark, styleRuns: runs)
            }
        }
    }

    /// Hands a producer's gathered lines to the writer thread together (one lock for the
    /// batch) and gives the batch back empty, its buffers ready for the next lines.
    /// Thread-safe; blocks only while the queue is full. Dropped after `finish()`.
    public func append(_ batch: inout LineBatch) {
        queue.push(&batch)
    }

    /// Replaces the session's provisional screen (`screen_tails`) with `snapshot`: the lines
    /// the screen would add if the session ended now, numbered from the first line after
    /// everything appended before this call. Stored at the next commit if it changed; the
    /// writer trims lines that are stored for good meanwhile, and drops the rest in
    /// `finish()`. Thread-safe; never blocks for room. Gives the batch back empty.
    public func replaceScreen(_ snapshot: inout LineBatch) {
        queue.pushScreen(&snapshot)
    }

    /// Hands the shell's events about the session's commands to the writer, which stores the
    /// commands with the line ranges it finds from the lines' marks. Thread-safe; never blocks.
    public func recordCommandEvents(_ events: [CommandEvent]) {
        queue.pushEvents(events)
    }

    /// Writes everything appended so far, seals the open chunk, brings the index up to date
    /// (unless indexing is `.held`) and closes the connection. Idempotent; thread-safe.
    public func finish() {
        thread.withLock { tid in
            guard let running = tid else { return }
            queue.close()
            running.join()
            tid = nil
        }
    }

    /// Waits until every line (and screen snapshot) appended before this call is committed (at most one commit
    /// interval), or the database is failing and they were set aside for retry. Returns false
    /// when the writer has already finished.
    @discardableResult
    public func flush() -> Bool {
        queue.waitUntilSettled()
    }

    /// Lines committed to the database so far.
    public var linesWritten: Int64 { progress.committedLines.load(ordering: .acquiring) }
    /// Lines dropped because the database kept failing (0 in normal operation).
    public var linesDropped: Int64 { progress.droppedLines.load(ordering: .acquiring) }
}

/// Counters the writer thread publishes to other threads.
final class WriterProgress: Sendable {
    let committedLines = Atomic<Int64>(0)
    let droppedLines = Atomic<Int64>(0)
}
