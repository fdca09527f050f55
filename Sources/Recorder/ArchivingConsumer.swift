import Archive
import PageStore
import Redaction
import Terminal

/// Carries completed logical lines from the emulator to the archive writer, translating the
/// terminal's styles into the SGR strings the archive stores (it knows nothing of pages).
final class ArchivingConsumer: LineConsumer {
    private let writer: ArchiveWriter?
    private let stream: LineStream
    private(set) var lines: Int64 = 0
    private let encoder: LineBatchEncoder
    /// Completed lines not yet handed to the writer. They go over together, once enough have
    /// gathered and whenever the feeder is about to wait (`flush`): a lock per line on the
    /// writer's queue was ~2% of the emulator thread on log text, with the writer contending.
    private var pending = LineBatch()
    private static let handOverLines = 256
    private static let handOverBytes = 64 << 10

    init(writer: ArchiveWriter?, redactor: Redactor?, stream: LineStream = .output) {
        self.writer = writer
        self.stream = stream
        encoder = LineBatchEncoder(redactor: redactor)
    }

    func lineCompleted(_ line: LogicalLine) {
        BorrowedLine.lending(line) { lineCompleted(borrowing: $0) }
    }

    /// The assembler's buffers are copied into the pending batch: no String or array is made
    /// per line. A line written while archiving was paused is left out.
    func lineCompleted(borrowing line: BorrowedLine) {
        guard !line.hidden else { return }
        lines += 1
        guard let writer else { return }
        encoder.append(line, to: &pending, stream: stream)
        if pending.count >= Self.handOverLines || pending.textBytes >= Self.handOverBytes {
            writer.append(&pending)
        }
    }

    /// Hands the gathered lines to the writer. The feeder calls it before it waits for more
    /// output and when the session ends, so no completed line waits for the next one.
    func flush() {
        guard let writer, !pending.isEmpty else { return }
        writer.append(&pending)
    }
}
