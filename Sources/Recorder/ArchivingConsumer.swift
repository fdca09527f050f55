import Archive
import PageStore
import Terminal

/// Carries completed logical lines from the emulator to the archive writer, translating the
/// terminal's styles into the SGR strings the archive stores (it knows nothing of pages).
final class ArchivingConsumer: LineConsumer {
    private let writer: ArchiveWriter?
    private(set) var lines: Int64 = 0
    private let sgrCache = SGRCache()
    /// The current line's runs, encoded as the archive stores them, reused from line to line.
    private let runs = EncodedStyleRuns()
    /// Completed lines not yet handed to the writer. They go over together, once enough have
    /// gathered and whenever the feeder is about to wait (`flush`): a lock per line on the
    /// writer's queue was ~2% of the emulator thread on log text, with the writer contending.
    private var pending = LineBatch()
    private static let handOverLines = 256
    private static let handOverBytes = 64 << 10

    init(writer: ArchiveWriter?) {
        self.writer = writer
    }

    func lineCompleted(_ line: LogicalLine) {
        var text = line.text
        text.withUTF8 { bytes in
            line.styleRuns.withUnsafeBufferPointer { styled in
                lineCompleted(borrowing: BorrowedLine(text: bytes, timestamp: line.timestamp, mark: line.mark, styleRuns: styled))
            }
        }
    }

    /// The assembler's buffers are copied into the pending batch: no String or array is made
    /// per line.
    func lineCompleted(borrowing line: BorrowedLine) {
        lines += 1
        guard let writer else { return }
        runs.removeAll()
        for run in line.styleRuns {
            runs.append(start: run.start, length: run.length, sgr: sgrCache.bytes(for: run.style))
        }
        pending.append(text: line.text, timestamp: line.timestamp, mark: line.mark.rawValue, runs: runs)
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
