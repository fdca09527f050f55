/// Standard-size mappings kept for reuse, at most `limit` of them; beyond that they go back
/// to the OS. Only pool-owned allocations of exactly the standard length may enter.
struct PagePool {
    let standardLength: Int
    let limit: Int
    private(set) var free: [Allocation] = []

    init(standardLength: Int, limit: Int) {
        self.standardLength = standardLength
        self.limit = limit
        free.reserveCapacity(limit)
    }

    var freeCount: Int { free.count }
    var freeBytes: Int { free.count * standardLength }

    /// A zeroed standard allocation from the free list, or nil when the caller must map one.
    mutating func take() -> Allocation? { free.popLast() }

    /// How a recycled page is zeroed before it waits in the pool.
    enum Zeroing {
        /// memset: the memory stays resident. For a page pruned to make room for the next
        /// tail, which will take it straight back: refaulting 100 fresh pages would cost more
        /// (page faults were ~30% of plain-row append time with madvise).
        case overwrite
        /// madvise(MADV_DONTNEED): zeroed by the kernel and no longer resident. For pages
        /// freed in bulk (clear, reflow) that may wait in the pool a long time.
        case discard
    }

    /// Keeps `allocation` (zeroed first) if there is room; returns false if the caller must unmap it.
    mutating func offer(_ allocation: Allocation, zeroing: Zeroing) -> Bool {
        precondition(allocation.owner == .pool && allocation.length == standardLength,
                     "only pool-owned standard allocations may be recycled")
        guard free.count < limit else { return false }
        switch zeroing {
        case .overwrite: allocation.base.initializeMemory(as: UInt8.self, repeating: 0, count: allocation.length)
        case .discard: SystemMemory.discardContents(allocation.base, length: allocation.length)
        }
        free.append(allocation)
        return true
    }

    mutating func drain() -> [Allocation] {
        defer { free.removeAll(keepingCapacity: true) }
        return free
    }
}
