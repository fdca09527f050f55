import Archive
import PageStore
import PTY
import Redaction
import Support
import Terminal

/// The path every recorded byte takes, shared by `run` and `import`: emulator → logical lines →
/// archive writer. One thread feeds it; lines are assembled from history rows on a second
/// (`LineAssemblyThread`, or on the feeding thread if it cannot start) and the writer commits
/// on its own.
///
/// When the archive cannot be written the pipeline still emulates (so the session goes on) and
/// reports the failure once through `warn`.
final class RecordingPipeline {
    let emulator: TerminalEmulator
    private let consumer: ArchivingConsumer
    private let writer: ArchiveWriter?
    /// Nil when its thread could not be started.
    private let assembly: LineAssemblyThread?
    /// Made on the first `recordScreen()`: only `run` keeps a provisional screen.
    private var snapshot: (snapshotter: ScreenSnapshotter, lines: LineBatchCollector)?
    /// Told when archiving pauses (true) or resumes (false), with the time (`ArchiveSession.recordPause`).
    var onArchivingPaused: ((Bool, Int64) -> Void)?
    /// Nil: recorded verbatim. Each thread that encodes lines makes its own line redactor.
    private let redactor: Redactor?

    /// `threadSetup` runs first on the line assembly thread (the default asks for a short
    /// slice, `ShortSlice`; `run` also keeps it off the relay's CPU, `WorkerPlacement`).
    ///
    /// `assemblyThread: false` assembles lines on the feeding thread, so that they reach the
    /// writer in the order they were fed even across pipelines (`exec`'s stdout and stderr).
    init(writer: ArchiveWriter?, redactor: Redactor?, columns: Int, rows: Int, scrollbackBudget: Int,
         stream: LineStream = .output, assemblyThread: Bool = true,
         threadSetup: @escaping @Sendable () -> Void = { ShortSlice.requestForCurrentThread() }) {
        let consumer = ArchivingConsumer(writer: writer, redactor: redactor, stream: stream)
        let thread = LineAssemblyThread()
        var started = false
        emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: scrollbackBudget, consumer: consumer,
                                    historySink: { assembler in
            started = assemblyThread && thread.start(assembling: assembler, setup: threadSetup, flush: { consumer.flush() })
            return started ? thread : assembler
        })
        self.consumer = consumer
        self.writer = writer
        self.redactor = redactor
        assembly = started ? thread : nil
    }

    deinit {
        assembly?.stop()
    }

    func feed(_ bytes: UnsafeRawBufferPointer, at time: Int64) {
        emulator.now = time
        emulator.feed(bytes)
        if emulator.screen.hasShellEvents { forwardShellEvents() }
    }

    /// The shell's command events go straight to the writer: they carry their command's
    /// number, so they need no ordering with the lines.
    private func forwardShellEvents() {
        let events = emulator.screen.takeShellEvents()
        writer?.recordCommandEvents(events.compactMap { event in
            let kind: CommandEvent.Kind
            switch event.kind {
            case .prompt: kind = .prompt
            case .commandLine(let text): kind = .commandLine(redactor?.redact(text) ?? text)
            case .started(let directory): kind = .started(workingDirectory: directory)
            case .finished(let status): kind = .finished(exitStatus: status)
            case .archivingPaused(let paused):
                onArchivingPaused?(paused, event.time)
                return nil
            }
            return CommandEvent(ordinal: event.ordinal, kind: kind, time: event.time)
        })
    }

    func resize(columns: Int, rows: Int) {
        emulator.resize(columns: columns, rows: rows)
    }

    /// Hands the lines completed so far to the writer. Call it before waiting for more input:
    /// completed lines are gathered into batches and would otherwise wait for the next ones.
    func flushLines() {
        emulator.handOverHistory()
        if let assembly { assembly.requestFlush() } else { consumer.flush() }
    }

    /// Hands the screen's lines to the writer as the session's provisional tail, after every
    /// line completed so far: what the user sees is searchable before it scrolls off, and
    /// survives a recorder that is killed.
    func recordScreen() {
        guard let writer else { return }
        if snapshot == nil {
            let lines = LineBatchCollector(redactor: redactor)
            snapshot = (ScreenSnapshotter(consumer: lines), lines)
        }
        guard let (snapshotter, lines) = snapshot else { return }
        snapshotter.capture(emulator)
        let screenLines = lines.take()
        let consumer = self.consumer
        let handOver = {
            consumer.flush()
            var batch = screenLines
            writer.replaceScreen(&batch)
        }
        if let assembly { assembly.requestAfterLentRows(handOver) } else { handOver() }
    }

    /// Hands the final screen's lines to the writer; the session (`ArchiveSession.finish`)
    /// then finishes the writer and records how the session ended.
    func finish() -> Int64 {
        // Everything asked of the assembly thread is done first (a flush it is running would
        // race with the last line completed here); `emulator.finish()` then waits for the
        // rows it lends and completes the last line on this thread.
        assembly?.drain()
        emulator.finish()
        consumer.flush()
        assembly?.stop()
        return consumer.lines
    }

    var title: String? { emulator.screen.title }
    /// Meaningful after `finish()` (lines are counted on the assembly thread until then).
    var linesCompleted: Int64 { consumer.lines }
}
