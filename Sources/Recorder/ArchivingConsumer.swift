import Archive
import PageStore
import Terminal

/// Carries completed logical lines from the emulator to the archive writer, translating the
/// terminal's styles into the SGR strings the archive stores (it knows nothing of pages).
final class ArchivingConsumer: LineConsumer {
    private let writer: ArchiveWriter?
    private(set) var lines: Int64 = 0
    /// SGR strings by style, so a colourful stream does not rebuild the same string per run:
    /// direct-mapped by `Style.tableHash` (a colliding style replaces the entry). It is asked
    /// once per style run; a `[Style: String]` there spent ~2% of the emulator thread on
    /// emoji/SGR text hashing styles with SipHash (perf: `Hasher._combine`, dictionary find).
    private var sgrCache = [(style: Style, sgr: String)?](repeating: nil, count: ArchivingConsumer.sgrCacheSize)
    private static let sgrCacheSize = 1 << 10
    /// The current line's runs, reused from line to line.
    private var runs: [StyleRun] = []
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
        if line.styleRuns.isEmpty {
            pending.append(text: line.text, timestamp: line.timestamp, mark: line.mark.rawValue, styleRuns: UnsafeBufferPointer(start: nil, count: 0))
        } else {
            runs.removeAll(keepingCapacity: true)
            for run in line.styleRuns {
                runs.append(StyleRun(start: Int32(run.start), length: Int32(run.length), sgr: sgr(for: run.style)))
            }
            runs.withUnsafeBufferPointer { styled in
                pending.append(text: line.text, timestamp: line.timestamp, mark: line.mark.rawValue, styleRuns: styled)
            }
        }
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

    private func sgr(for style: Style) -> String {
        let slot = style.tableHash & (Self.sgrCacheSize - 1)
        if let cached = sgrCache[slot], cached.style == style { return cached.sgr }
        let value = style.sgrParameters
        sgrCache[slot] = (style, value)
        return value
    }
}
