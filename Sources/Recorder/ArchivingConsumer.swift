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

    /// The assembler's buffers go straight to the writer's queue, which copies them: no String
    /// or array is made per line.
    func lineCompleted(borrowing line: BorrowedLine) {
        lines += 1
        guard let writer else { return }
        runs.removeAll(keepingCapacity: true)
        for run in line.styleRuns {
            runs.append(StyleRun(start: Int32(run.start), length: Int32(run.length), sgr: sgr(for: run.style)))
        }
        runs.withUnsafeBufferPointer { styled in
            writer.append(text: line.text, timestamp: line.timestamp, mark: line.mark.rawValue, styleRuns: styled)
        }
    }

    private func sgr(for style: Style) -> String {
        let slot = style.tableHash & (Self.sgrCacheSize - 1)
        if let cached = sgrCache[slot], cached.style == style { return cached.sgr }
        let value = style.sgrParameters
        sgrCache[slot] = (style, value)
        return value
    }
}
