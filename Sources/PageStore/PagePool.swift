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

    /// A standard allocation from the free list (formatting makes it an empty page), or nil
    /// when the caller must map one.
    mutating func take() -> Allocation? { free.popLast() }

    /// What happens to a recycled page's memory while it waits in the pool.
    enum Zeroing {
        /// Nothing: it stays resident as it is, and `Page(formatting:)` clears what a new page
        /// reads. For a page pruned to make room for the next tail, which takes it straight
        /// back: refaulting fresh pages would cost more (page faults were ~30% of plain-row
        /// append time with madvise), and a full memset was 15% of emulating log output.
        case keepResident
        /// madvise(MADV_DONTNEED): zeroed by the kernel and no longer resident. For pages
        /// freed in bulk (clear, reflow) that may wait in the pool a long time.
        case discard
    }

    /// Keeps `allocation` if there is room; returns false if the caller must unmap it.
    mutating func offer(_ allocation: Allocation, zeroing: Zeroing) -> Bool {
        precondition(allocation.owner == .pool && allocation.length == standardLength,
                     "only pool-owned standard allocations may be recycled")
        guard free.count < limit else { return false }
        switch zeroing {
        case .keepResident: break
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
