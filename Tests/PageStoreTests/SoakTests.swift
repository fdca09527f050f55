import Testing
@testable import PageStore

/// Half a million emoji-heavy, individually coloured rows through a 1 MiB budget: the
/// workload that leaked in Ghostty. Memory must stay capped, accounting must hold after every
/// prune, and the sink must see every row once, in order, with the right text and colour.
@Suite struct SoakTests {
    /// Emoji ZWJ sequences, skin tones, flags, combining marks, plain text.
    static let segments: [String] = [
        "👨‍👩‍👧‍👦 family", "👍🏽👍🏿 thumbs", "🇫🇷🇯🇵🇧🇷 flags", "👩🏽‍💻 coder", "e\u{301}te\u{301} accents",
        "🏳️‍🌈 flag", "❤️‍🔥 heart", "🧑🏻‍🤝‍🧑🏿 people", "plain ascii only", "🤷‍♀️🤦🏼‍♂️ shrug",
        "👨‍👨‍👦‍👦👩‍👩‍👧 families", "ok ✅ done",
    ]

    /// Cells and grapheme tails of each segment, built once.
    struct Template {
        var cells: [Cell] = []
        var tails: [[Unicode.Scalar]] = []
        /// Every scalar of the segment, in order, as the sink should reconstruct it.
        var scalars: [UInt32] = []
    }

    static func colour(_ n: Int) -> Style {
        Style(foreground: .rgb(UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)))
    }

    final class CheckingSink: EvictionSink {
        let templates: [Template]
        var received = 0
        var mismatches = 0
        var firstMismatch: String?
        var expected: [UInt32] = []
        var actual: [UInt32] = []

        init(templates: [Template]) { self.templates = templates }

        func handOver(_ row: RowView) {
            let n = received
            received += 1
            expected.removeAll(keepingCapacity: true)
            actual.removeAll(keepingCapacity: true)
            for u in String(n).unicodeScalars { expected.append(u.value) }
            expected.append(32)
            expected.append(contentsOf: templates[n % templates.count].scalars)
            var styleOK = true
            let prefix = String(n).count + 1
            for x in 0..<row.columns {
                let cell = row.cell(x)
                if cell.isTextless { continue }
                actual.append(cell.codepoint)
                row.forEachGraphemeScalar(x) { actual.append($0.value) }
                let want = x >= prefix ? SoakTests.colour(n) : .default
                if row.style(cell.styleID) != want { styleOK = false }
            }
            if actual != expected || !styleOK || row.info.timestamp != Int64(n) {
                mismatches += 1
                if firstMismatch == nil { firstMismatch = "row \(n): got \(actual) want \(expected), style ok: \(styleOK)" }
            }
        }
    }

    @Test func halfAMillionEmojiRowsStayUnderBudget() throws {
        let templates = SoakTests.segments.map { segment -> Template in
            var t = Template()
            for character in segment {
                let scalars = Array(character.unicodeScalars)
                t.cells.append(Cell(codepoint: scalars[0].value, styleID: 9, flags: scalars.count > 1 ? .grapheme : []))
                t.tails.append(Array(scalars.dropFirst()))
                t.scalars.append(contentsOf: scalars.map(\.value))
            }
            return t
        }
        let sink = CheckingSink(templates: templates)
        let list = PageList(columns: 80, budget: 1 << 20, sink: sink)
        let rows = 500_000
        var cells = [Cell](repeating: .empty, count: 80)
        var worstExcess = Int.min
        var lastPruned = 0
        var accountingFailures = 0
        for n in 0..<rows {
            let template = templates[n % templates.count]
            var x = 0
            var digits = n
            var reversed: [Cell] = []
            repeat { reversed.append(Cell(codepoint: UInt32(48 + digits % 10))); digits /= 10 } while digits > 0
            for cell in reversed.reversed() { cells[x] = cell; x += 1 }
            cells[x] = Cell(codepoint: 32); x += 1
            let prefix = x
            for cell in template.cells { cells[x] = cell; x += 1 }
            let colour = SoakTests.colour(n)
            cells.withUnsafeBufferPointer { buffer in
                list.appendRow(RowInfo(timestamp: Int64(n)), cells: UnsafeBufferPointer(rebasing: buffer[0..<x]),
                               style: { _ in colour }, graphemeTail: { template.tails[$0 - prefix] })
            }
            let stats = list.statistics
            if stats.prunedPages != lastPruned {
                lastPruned = stats.prunedPages
                if !list.verifyAccounting() { accountingFailures += 1 }
            }
            var largest = 0
            var node = list.head
            while let current = node { largest = max(largest, current.allocationLength); node = current.next }
            worstExcess = max(worstExcess, stats.liveMappedBytes - (list.budget + largest))
            if n % 50_000 == 0 { list.handOverPending() }
        }
        list.handOverPending()
        let stats = list.statistics
        #expect(worstExcess <= 0, "live mapped bytes exceeded budget + largest page by \(worstExcess)")
        #expect(accountingFailures == 0)
        #expect(stats.prunedPages > 100 && stats.grownPagesTotal > 100, "the workload must prune and grow pages")
        #expect(sink.received == rows)
        #expect(sink.mismatches == 0, "\(sink.firstMismatch ?? "")")
        #expect(list.verifyAccounting())
        // Handing over again gives nothing new: each row exactly once.
        list.handOverPending()
        #expect(sink.received == rows)
    }
}
