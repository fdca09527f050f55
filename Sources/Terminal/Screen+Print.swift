import PageStore
import VTParser

extension Screen {
    public func print(_ scalar: Unicode.Scalar) {
        // One table lookup serves clustering, width and the next cluster's start.
        let properties = clusterer.properties(of: scalar)
        if let open = openCluster, clusterer.continues(with: scalar, properties: properties) {
            extendCluster(at: open, with: scalar)
            return
        }
        let width = scalar.value < 0x7F ? 1 : properties.width  // as UnicodeWidth.width
        if width == 0 {
            // A zero-width scalar that starts no cluster of its own: attach it to the cell
            // before the cursor when there is one (as tmux does), else drop it.
            if let open = openCluster {
                appendGrapheme(scalar, at: open)
            } else if let previous = cellBeforeCursor() {
                // tmux combines with the cell left of the cursor even after the cursor moved.
                appendGrapheme(scalar, at: previous)
            }
            return
        }
        let mapped = scalar.value < 0x80 ? cursor.charsets.active.map(UInt8(scalar.value)) : scalar
        writeCluster(first: mapped, width: width)
        clusterer.begin(scalar, properties: properties)
        lastPrinted = mapped
    }

    /// Bulk path for runs of printable ASCII: whole stretches of a row are written at once.
    public func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        if insertMode || cursor.charsets.active != .ascii || !autowrap {
            for byte in bytes { print(Unicode.Scalar(byte)) }
            return
        }
        var index = bytes.startIndex
        let columns = self.columns
        while index < bytes.endIndex {
            if cursor.pendingWrap { wrapToNextRow() }
            let room = columns - cursor.x
            let count = min(room, bytes.endIndex - index)
            let y = cursor.y
            let x0 = cursor.x
            repairWideOverlap(y: y, from: x0, to: x0 + count)
            let physical = grid.rowMap[y]
            grid.dropGraphemeTails(row: y, from: x0, to: x0 + count)
            Screen.writeASCII(bytes.baseAddress! + index, count: count, styleID: cursor.styleID,
                              to: grid.rowCells(y) + x0)
            stampRow(physical)
            index += count
            if x0 + count >= columns {
                cursor.x = columns - 1
                cursor.pendingWrap = true
                openCluster = (columns - 1, y)
            } else {
                cursor.x = x0 + count
                openCluster = (cursor.x - 1, y)
            }
        }
        let last = Unicode.Scalar(bytes[bytes.endIndex - 1])
        clusterer.begin(last)
        lastPrinted = last
    }

    /// Cells for `count` ASCII bytes, written as whole 8-byte words (codepoint in the low
    /// half, style id above it, no flags; `Page.cellLayoutIsAsAssumed` checks the layout) in a
    /// loop the compiler vectorises.
    @inline(__always)
    static func writeASCII(_ source: UnsafePointer<UInt8>, count: Int, styleID: UInt16, to target: UnsafeMutablePointer<Cell>) {
        let style = UInt64(styleID) << 32
        let words = UnsafeMutableRawPointer(target)
        var i = 0
        // Sixteen bytes widened to sixteen cells a step (the scalar loop took three
        // instructions per byte; the compiler did not vectorise it).
        let styles = SIMD16<UInt64>(repeating: style)
        while count &- i >= 16 {
            let bytes = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<UInt8>.self)
            words.storeBytes(of: SIMD16<UInt64>(truncatingIfNeeded: bytes) | styles, toByteOffset: i &* 8, as: SIMD16<UInt64>.self)
            i &+= 16
        }
        while i < count {
            words.storeBytes(of: UInt64(source[i]) | style, toByteOffset: i &* 8, as: UInt64.self)
            i &+= 1
        }
    }

    /// Writes the first scalar of a new cluster at the cursor, wrapping first when needed.
    func writeCluster(first scalar: Unicode.Scalar, width: Int) {
        if cursor.pendingWrap && autowrap { wrapToNextRow() }
        cursor.pendingWrap = false
        if width == 2 && cursor.x == columns - 1 {
            guard autowrap && columns > 1 else { return }
            // A wide character does not fit in the last column: wrap early. The last cell keeps
            // what it shows (tmux leaves it alone, even the right half of a wide character); an
            // empty one becomes padding so the joined line has no blank there.
            let index = grid.base(cursor.y) + cursor.x
            if grid[index].codepoint == 0 && !grid[index].flags.contains(.spacerTail) {
                grid[index] = Cell(codepoint: 0, styleID: cursor.styleID, flags: .spacerHead)
            }
            wrapToNextRow()
        }
        let width = min(width, columns)
        if insertMode { insertBlanks(width) }
        let y = cursor.y
        let x = cursor.x
        repairWideOverlap(y: y, from: x, to: x + width)
        let base = grid.base(y)
        grid.replace(base + x, with: Cell(codepoint: scalar.value, styleID: cursor.styleID, flags: width == 2 ? .wide : []))
        if width == 2 {
            grid.replace(base + x + 1, with: Cell(codepoint: 0, styleID: cursor.styleID, flags: .spacerTail))
        }
        stampRow(grid.rowMap[y])
        openCluster = (x, y)
        if x + width >= columns {
            cursor.x = columns - 1
            cursor.pendingWrap = autowrap
        } else {
            cursor.x = x + width
        }
    }

    /// Autowrap: the current row continues on the next one.
    func wrapToNextRow() {
        grid.rowInfo[grid.rowMap[cursor.y]].wrapped = true
        cursor.pendingWrap = false
        index()
        cursor.x = 0
        grid.rowInfo[grid.rowMap[cursor.y]].wrapContinuation = true
    }

    /// Adds `scalar` to the cluster in cell `at`, widening a narrow cell when the cluster now
    /// wants two columns (an emoji followed by VS16) and there is room.
    func extendCluster(at position: (x: Int, y: Int), with scalar: Unicode.Scalar) {
        appendGrapheme(scalar, at: position)
        guard clusterer.clusterWidth == 2 else { return }
        let base = grid.base(position.y)
        let cell = grid[base + position.x]
        guard !cell.flags.contains(.wide), position.x + 1 < columns,
              cursor.y == position.y, cursor.x == position.x + 1, !cursor.pendingWrap else { return }
        grid[base + position.x].flags.insert(.wide)
        repairWideOverlap(y: position.y, from: position.x + 1, to: position.x + 2)
        grid.replace(base + position.x + 1, with: Cell(codepoint: 0, styleID: cell.styleID, flags: .spacerTail))
        if position.x + 2 >= columns {
            cursor.x = columns - 1
            cursor.pendingWrap = autowrap
        } else {
            cursor.x = position.x + 2
        }
    }

    /// The cell left of the cursor (the last column with a wrap pending), stepping over the
    /// right half of a wide character; nil at column 0.
    func cellBeforeCursor() -> (x: Int, y: Int)? {
        var x = cursor.pendingWrap ? columns - 1 : cursor.x - 1
        guard x >= 0 else { return nil }
        if x > 0 && grid[grid.base(cursor.y) + x].flags.contains(.spacerTail) { x -= 1 }
        return (x, cursor.y)
    }

    func appendGrapheme(_ scalar: Unicode.Scalar, at position: (x: Int, y: Int)) {
        let index = grid.base(position.y) + position.x
        guard grid[index].codepoint != 0 else { return }
        // Bound a cluster: a stream of ten thousand combining marks must not grow one cell.
        guard grid.appendGraphemeScalar(scalar, position.x, position.y, limit: 32) else { return }
        grid[index].flags.insert(.grapheme)
    }

    /// Overwriting half of a wide character blanks its other half, so no orphan remains.
    /// Inlined: every printed run and cluster asks, and as a call its prologue and the two
    /// boundary tests cost ~40 instructions each time (4% of emulating emoji text) while the
    /// repair itself almost never happens.
    @inline(__always)
    func repairWideOverlap(y: Int, from: Int, to: Int) {
        let base = grid.base(y)
        if from > 0, from < columns, grid[base + from].flags.contains(.spacerTail) {
            blankCell(base + from - 1)
        }
        let last = min(to, columns) - 1
        if last >= 0, grid[base + last].flags.contains(.wide), last + 1 < columns {
            blankCell(base + last + 1)
        }
    }

    /// The other half of a wide character being overwritten: blank, keeping its style.
    @inline(never)
    private func blankCell(_ index: Int) {
        grid.replace(index, with: Cell(codepoint: 0, styleID: grid[index].styleID, flags: []))
    }

    @inline(__always) func stampRow(_ physical: Int) {
        grid.rowInfo[physical].timestamp = now
        if archivingPaused { grid.rowInfo[physical].hidden = true }
        if currentMark != .none && grid.rowInfo[physical].mark == .none {
            grid.rowInfo[physical].mark = currentMark
            grid.rowInfo[physical].commandTag = currentCommandTag
        }
    }

    /// REP: repeat the last printed character, as tmux does: only straight after a printed
    /// character (any control, escape or string in between forgets it) and never past the end of
    /// the row (none at all with a wrap pending).
    func repeatLastPrinted(_ count: Int) {
        guard let scalar = lastPrinted else { return }
        lastPrinted = nil
        let width = UnicodeWidth.width(scalar)
        guard width > 0 else { return }
        let room = cursor.pendingWrap ? 0 : columns - cursor.x
        for _ in 0..<min(count, room) {
            writeCluster(first: scalar, width: width)
        }
        clusterer.begin(scalar)
    }
}
