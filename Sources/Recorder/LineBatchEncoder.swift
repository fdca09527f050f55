import Archive
import PageStore
import Terminal

/// Turns the assembler's borrowed lines into the archive's batch form: text copied, style
/// runs encoded with their SGR parameters. One per thread that hands lines over (its caches
/// are not shared).
final class LineBatchEncoder {
    private let sgrCache = SGRCache()
    /// The current line's runs, encoded as the archive stores them, reused from line to line.
    private let runs = EncodedStyleRuns()

    func append(_ line: BorrowedLine, to batch: inout LineBatch, stream: LineStream = .output) {
        runs.removeAll()
        for run in line.styleRuns {
            runs.append(start: run.start, length: run.length, sgr: sgrCache.bytes(for: run.style))
        }
        batch.append(text: line.text, timestamp: line.timestamp,
                     mark: SemanticMark.packed(line.mark, commandTag: line.commandTag), runs: runs, stream: stream)
    }
}

/// Gathers lines into a batch (a screen snapshot's).
final class LineBatchCollector: LineConsumer {
    private let encoder = LineBatchEncoder()
    private var batch = LineBatch()

    func lineCompleted(_ line: LogicalLine) {
        BorrowedLine.lending(line) { lineCompleted(borrowing: $0) }
    }

    func lineCompleted(borrowing line: BorrowedLine) {
        guard !line.hidden else { return }
        encoder.append(line, to: &batch)
    }

    /// The lines gathered since the last call.
    func take() -> LineBatch {
        defer { batch = LineBatch() }
        return batch
    }
}
