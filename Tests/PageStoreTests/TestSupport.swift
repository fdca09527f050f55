import PageStore

/// A row as a caller would build it: cells with caller style ids, a style table and grapheme tails.
struct TestRow {
    var cells: [Cell] = []
    var styles: [UInt16: Style] = [:]
    var tails: [Int: [Unicode.Scalar]] = [:]
    var info = RowInfo()

    /// One cell per Character; the first scalar goes in the cell, the rest become its tail.
    /// `style(i)` gives the style of the i-th character (nil = default).
    init(_ text: String, info: RowInfo = RowInfo(), style: (Int) -> Style? = { _ in nil }) {
        self.info = info
        var nextID: UInt16 = 1
        var ids: [Style: UInt16] = [:]
        for (i, character) in text.enumerated() {
            let scalars = Array(character.unicodeScalars)
            var cell = Cell(codepoint: scalars[0].value)
            if scalars.count > 1 {
                cell.flags.insert(.grapheme)
                tails[cells.count] = Array(scalars.dropFirst())
            }
            if let s = style(i), s != .default {
                let id: UInt16
                if let known = ids[s] { id = known } else { id = nextID; nextID += 1; ids[s] = id; styles[id] = s }
                cell.styleID = id
            }
            cells.append(cell)
        }
    }
}

extension PageList {
    func append(_ row: TestRow) {
        row.cells.withUnsafeBufferPointer { buffer in
            appendRow(row.info, cells: buffer, style: { row.styles[$0] ?? .default },
                      graphemeTail: { row.tails[$0] ?? [] })
        }
    }

    var allRows: [RowSnapshot] {
        var rows: [RowSnapshot] = []
        forEachRow { rows.append(RowSnapshot($0)) }
        return rows
    }
}

/// What a RowView showed, copied out so tests can look at it after the call.
struct RowSnapshot: Equatable {
    var text: String
    var info: RowInfo
    /// Style of each text cell, in order.
    var styles: [Style]

    init(text: String, info: RowInfo, styles: [Style]) {
        self.text = text
        self.info = info
        self.styles = styles
    }

    init(_ row: RowView) {
        info = row.info
        var text = ""
        var styles: [Style] = []
        for x in 0..<row.columns {
            let cell = row.cell(x)
            if cell.isTextless { continue }
            var scalars = String.UnicodeScalarView()
            scalars.append(Unicode.Scalar(cell.codepoint)!)
            scalars.append(contentsOf: row.graphemeTail(x))
            text += String(scalars)
            styles.append(row.style(cell.styleID))
        }
        self.text = text
        self.styles = styles
    }
}

final class RecordingSink: EvictionSink {
    var rows: [RowSnapshot] = []
    /// Called with each row as it arrives (before it is recorded), for tests that look at list state.
    var onHandOver: ((RowView) -> Void)?
    func handOver(_ row: RowView) {
        onHandOver?(row)
        rows.append(RowSnapshot(row))
    }
}
