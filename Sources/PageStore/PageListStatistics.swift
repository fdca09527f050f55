/// Counters describing a page list's memory, for tests, benchmarks and diagnostics.
public struct PageListStatistics: Equatable, Sendable {
    /// Bytes of every live mapping: pages in the list plus free pages held by the pool.
    public var liveMappedBytes: Int
    /// Number of live mappings (list pages plus pooled free pages).
    public var liveAllocationCount: Int
    /// Pages in the list.
    public var pageCount: Int
    /// Pages in the list with their own (non-standard, heap-owned) mapping.
    public var heapPageCount: Int
    /// Free standard pages waiting in the pool (resident when pruned by scrolling, given back
    /// to the kernel when freed in bulk by clear or reflow).
    public var pooledFreePages: Int
    /// History rows currently in memory.
    public var rowCount: Int
    /// Pages pruned for the budget since the list was created.
    public var prunedPages: Int
    /// Bytes of the pages in the list: the figure the budget bounds.
    public var pageBytes: Int = 0
    /// Bytes returned to the OS with munmap since the list was created.
    public var unmappedBytesTotal: Int = 0
    /// Pages that went back to the pool since the list was created.
    public var recycledPagesTotal: Int = 0
    /// Pages grown into a larger allocation since the list was created.
    public var grownPagesTotal: Int = 0
    /// Length of one standard page for the current width.
    public var standardPageBytes: Int = 0

    public init(liveMappedBytes: Int, liveAllocationCount: Int, pageCount: Int, heapPageCount: Int,
                pooledFreePages: Int, rowCount: Int, prunedPages: Int) {
        self.liveMappedBytes = liveMappedBytes
        self.liveAllocationCount = liveAllocationCount
        self.pageCount = pageCount
        self.heapPageCount = heapPageCount
        self.pooledFreePages = pooledFreePages
        self.rowCount = rowCount
        self.prunedPages = prunedPages
    }
}
