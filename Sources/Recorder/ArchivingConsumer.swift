import Archive
import PageStore
import Terminal

/// Carries completed logical lines from the emulator to the archive writer, translating the
/// terminal's styles into the SGR strings the archive stores (it knows nothing of pages).
final class ArchivingConsumer: LineConsumer {
    private let writer: ArchiveWriter?
    private(set) var lines: Int64 = 0
    /// SGR strings by style, so a colourful stream does not rebuild the same string per run.
    private var sgrCache: [Style: String] = [:]

    init(writer: ArchiveWriter?) {
        self.writer = writer
    }

    func lineCompleted(_ line: LogicalLine) {
        lines += 1
        guard let writer else { return }
        var runs: [StyleRun] = []
        if !line.styleRuns.isEmpty {
            runs.reserveCapacity(line.styleRuns.count)
            for run in line.styleRuns {
                runs.append(StyleRun(start: Int32(run.start), length: Int32(run.length), sgr: sgr(for: run.style)))
            }
        }
        writer.append(ArchiveLine(text: line.text, timestamp: line.timestamp, mark: line.mark.rawValue, styleRuns: runs))
    }

    private func sgr(for style: Style) -> String {
        if let cached = sgrCache[style] { return cached }
        let value = style.sgrParameters
        if sgrCache.count > 4096 { sgrCache.removeAll(keepingCapacity: true) }
        sgrCache[style] = value
        return value
    }
}
