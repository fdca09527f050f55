/// Where each region of a page lives, as byte offsets from the start of its allocation.
///
/// Offsets rather than pointers: a page's contents can be copied into a bigger allocation
/// (growth) with plain memcpy of each region and nothing inside needs fixing up.
@usableFromInline
struct PageLayout: Equatable, Sendable {
    @usableFromInline let capacity: Capacity
    @usableFromInline let rowsOffset: Int
    @usableFromInline let cellsOffset: Int
    @usableFromInline let stylesOffset: Int
    /// Open-addressing table of style ids (UInt16, 0 = empty slot) used to dedupe styles.
    @usableFromInline let styleSlotsOffset: Int
    @usableFromInline let styleSlotCount: Int
    @usableFromInline let graphemesOffset: Int
    /// Grapheme storage in 32-bit words.
    @usableFromInline let graphemeWords: Int
    /// Bytes the layout needs (not rounded to the system page size).
    @usableFromInline let totalBytes: Int

    init(_ capacity: Capacity) {
        self.capacity = capacity
        var offset = PageLayout.align(MemoryLayout<PageHeader>.size)
        rowsOffset = offset
        offset += capacity.rows * MemoryLayout<RowRecord>.stride
        offset = PageLayout.align(offset)
        cellsOffset = offset
        offset += capacity.rows * capacity.columns * MemoryLayout<Cell>.stride
        offset = PageLayout.align(offset)
        stylesOffset = offset
        offset += capacity.styles * MemoryLayout<Style>.stride
        offset = PageLayout.align(offset)
        styleSlotsOffset = offset
        styleSlotCount = PageLayout.slotCount(styles: capacity.styles)
        offset += styleSlotCount * MemoryLayout<UInt16>.stride
        offset = PageLayout.align(offset)
        graphemesOffset = offset
        graphemeWords = capacity.graphemeBytes / 4
        offset += graphemeWords * 4
        totalBytes = PageLayout.align(offset)
    }

    static func align(_ n: Int) -> Int { (n + 15) & ~15 }

    /// Twice the style capacity, rounded to a power of two, keeps probe chains short.
    static func slotCount(styles: Int) -> Int {
        var n = 1
        while n < styles * 2 { n <<= 1 }
        return n
    }

    static func bytesPerRow(columns: Int) -> Int {
        MemoryLayout<RowRecord>.stride + columns * MemoryLayout<Cell>.stride
    }

    static func bytesIndependentOfRows(styles: Int, graphemeBytes: Int) -> Int {
        align(styles * MemoryLayout<Style>.stride) + align(slotCount(styles: styles) * 2) + align(graphemeBytes) + align(MemoryLayout<PageHeader>.size) + 32
    }
}
