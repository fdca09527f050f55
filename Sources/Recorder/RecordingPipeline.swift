import Archive
import PageStore
import Terminal

/// The path every recorded byte takes, shared by `run` and `import`: emulator → logical lines →
/// archive writer. One thread feeds it; the writer commits on its own thread.
///
/// When the archive cannot be written the pipeline still emulates (so the session goes on) and
/// reports the failure once through `warn`.
final class RecordingPipeline {
    let emulator: TerminalEmulator
    private let consumer: ArchivingConsumer

    init(writer: ArchiveWriter?, columns: Int, rows: Int, scrollbackBudget: Int) {
        consumer = ArchivingConsumer(writer: writer)
        emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: scrollbackBudget, consumer: consumer)
    }

    func feed(_ bytes: UnsafeRawBufferPointer, at time: Int64) {
        emulator.now = time
        emulator.feed(bytes)
    }

    func resize(columns: Int, rows: Int) {
        emulator.resize(columns: columns, rows: rows)
    }

    /// Hands the lines completed so far to the writer. Call it before waiting for more input:
    /// completed lines are gathered into batches and would otherwise wait for the next ones.
    func flushLines() {
        consumer.flush()
    }

    /// Hands the final screen's lines to the writer; the session (`ArchiveSession.finish`)
    /// then finishes the writer and records how the session ended.
    func finish() -> Int64 {
        emulator.finish()
        consumer.flush()
        return consumer.lines
    }

    var title: String? { emulator.screen.title }
    var linesCompleted: Int64 { consumer.lines }
}
