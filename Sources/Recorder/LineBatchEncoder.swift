import Archive
import PageStore
import Redaction
import Terminal

/// Turns the assembler's borrowed lines into the archive's batch form: text copied, style
/// runs encoded with their SGR parameters. One per thread that hands lines over (its caches
/// are not shared).
///
/// This is where secrets leave recorded text (`LineRedactor`): every line the archive gets,
/// history and screen snapshots alike, passes here, while the bytes shown on the user's
/// terminal never do.
final class LineBatchEncoder {
    private let sgrCache = SGRCache()
    /// The current line's runs, encoded as the archive stores them, reused from line to line.
    private let runs = EncodedStyleRuns()
    /// Nil: lines are recorded verbatim (`--no-redact`).
    private let redactor: LineRedactor?

    init(redactor: Redactor?) {
        self.redactor = redactor?.makeLineRedactor()
    }

    func append(_ line: BorrowedLine, to batch: inout LineBatch, stream: LineStream = .output) {
        if let redactor, let redacted = redactor.redact(line.text) {
            append(line, redacted: redacted, to: &batch, stream: stream)
            return
        }
        runs.removeAll()
        for run in line.styleRuns {
            runs.append(start: run.start, length: run.length, sgr: sgrCache.bytes(for: run.style))
        }
        batch.append(text: line.text, timestamp: line.timestamp,
                     mark: SemanticMark.packed(line.mark, commandTag: line.commandTag), runs: runs, stream: stream)
    }

    /// A line with secrets replaced: its style runs moved onto the new text
    /// (`RedactedLine.styleRun`), those wholly inside a secret dropped.
    private func append(_ line: BorrowedLine, redacted: RedactedLine, to batch: inout LineBatch, stream: LineStream) {
        runs.removeAll()
        for run in line.styleRuns {
            guard let moved = redacted.styleRun(start: run.start, length: run.length) else { continue }
            runs.append(start: moved.start, length: moved.length, sgr: sgrCache.bytes(for: run.style))
        }
        redacted.text.withUnsafeBufferPointer { text in
            batch.append(text: text, timestamp: line.timestamp,
                         mark: SemanticMark.packed(line.mark, commandTag: line.commandTag), runs: runs, stream: stream)
        }
    }

    /// The next lines are a new stream (a new screen snapshot): no key block is open.
    func startStream() { redactor?.reset() }
}

/// Gathers lines into a batch (a screen snapshot's).
final class LineBatchCollector: LineConsumer {
    private let encoder: LineBatchEncoder
    private var batch = LineBatch()

    init(redactor: Redactor?) {
        encoder = LineBatchEncoder(redactor: redactor)
    }

    func lineCompleted(_ line: LogicalLine) {
        BorrowedLine.lending(line) { lineCompleted(borrowing: $0) }
    }

    func lineCompleted(borrowing line: BorrowedLine) {
        guard !line.hidden else { return }
        encoder.append(line, to: &batch)
    }

    /// The lines gathered since the last call.
    func take() -> LineBatch {
        defer {
            batch = LineBatch()
            encoder.startStream()
        }
        return batch
    }
}
