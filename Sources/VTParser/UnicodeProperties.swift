/// Lookup of the generated per-scalar property byte (width, grapheme break class, emoji bits).
///
/// Scalars below U+0300 (ASCII, Latin-1, Latin Extended) come from a direct table; the rest of
/// planes 0 and 1 (where nearly all text and emoji live) from a two-level table built once from
/// the generated runs; everything above is a binary search over the runs, about 12 probes. The
/// search alone was the biggest cost of printing emoji and CJK text.
@usableFromInline
enum UnicodeProperties {
    @usableFromInline static let directLimit: UInt32 = 0x300

    @inlinable
    static func byte(_ value: UInt32) -> UInt8 {
        if value < directLimit {
            return unicodeDirectProperties.withUnsafeBufferPointer { $0[Int(value)] }
        }
        if value < BlockTable.limit {
            return BlockTable.shared.byte(value)
        }
        return searchRuns(value)
    }

    /// The width field: 0, 1, 2, or 3 for "unprintable", which takes one cell if shown.
    @inlinable @inline(__always)
    static func width(_ property: UInt8) -> Int {
        let field = Int(property & 0x3)
        return field == 3 ? 1 : field
    }

    /// Finds the last run starting at or before `value`.
    @usableFromInline
    static func searchRuns(_ value: UInt32) -> UInt8 {
        unicodePropertyRuns.withUnsafeBufferPointer { runs in
            let key = value << 8 | 0xFF
            var low = 0
            var high = runs.count  // answer is in low..<high
            while high - low > 1 {
                let mid = (low + high) >> 1
                if runs[mid] <= key { low = mid } else { high = mid }
            }
            return UInt8(truncatingIfNeeded: runs[low])
        }
    }
}

/// Property bytes of U+0000..<`limit` in blocks of 256 scalars: `blockIndex[value >> 8]` names a
/// block in `blocks`, and identical blocks (most of them: unassigned or uniform ranges) are
/// stored once, so the table is tens of kilobytes rather than one byte per scalar.
///
/// The table is built once (`shared`) into memory that is never freed, so a copy of this value
/// is two plain pointers: a clusterer keeps one and looks scalars up without the lazy-global
/// check that every access to `shared` pays.
@usableFromInline
struct BlockTable: @unchecked Sendable {  // immutable after init, storage immortal
    @usableFromInline static let limit: UInt32 = 0x20000
    @usableFromInline static let shared = BlockTable()

    @usableFromInline let blockIndex: UnsafePointer<UInt16>
    @usableFromInline let blocks: UnsafePointer<UInt8>

    init() {
        var index: [UInt16] = []
        var blocks: [UInt8] = []
        var seen: [[UInt8]: UInt16] = [:]
        var block = [UInt8](repeating: 0, count: 256)
        // Walks the runs alongside the scalars: the same answer as `searchRuns` (the last run
        // starting at or before the scalar), without a search per scalar.
        let runs = unicodePropertyRuns
        var run = 0
        for start in stride(from: 0, to: Int(BlockTable.limit), by: 256) {
            for offset in 0..<256 {
                let value = UInt32(start + offset)
                if value < UnicodeProperties.directLimit {
                    block[offset] = unicodeDirectProperties[Int(value)]
                    continue
                }
                while run + 1 < runs.count && runs[run + 1] >> 8 <= value { run += 1 }
                block[offset] = UInt8(truncatingIfNeeded: runs[run])
            }
            if let known = seen[block] {
                index.append(known)
            } else {
                let id = UInt16(blocks.count / 256)
                seen[block] = id
                blocks += block
                index.append(id)
            }
        }
        let indexStorage = UnsafeMutablePointer<UInt16>.allocate(capacity: index.count)
        indexStorage.initialize(from: index, count: index.count)
        let blockStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: blocks.count)
        blockStorage.initialize(from: blocks, count: blocks.count)
        blockIndex = UnsafePointer(indexStorage)
        self.blocks = UnsafePointer(blockStorage)
    }

    /// The property byte of `value`, which must be below `limit`.
    @inlinable @inline(__always)
    func byte(_ value: UInt32) -> UInt8 {
        let block = Int(blockIndex[Int(value >> 8)])
        return blocks[block << 8 | Int(value & 0xFF)]
    }

    /// The property byte of any scalar: this table below `limit`, the runs above.
    @inlinable @inline(__always)
    func properties(_ value: UInt32) -> UInt8 {
        value < BlockTable.limit ? byte(value) : UnicodeProperties.searchRuns(value)
    }
}
