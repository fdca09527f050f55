extension PageList {
    /// Recounts everything from the live structure and compares it with the ledger: mapped
    /// bytes and count (list pages plus pooled pages), list bytes, page/heap/row counts, and
    /// the links in both directions. Always available so release-build tests can call it.
    public func verifyAccounting() -> Bool {
        var bytes = 0, count = 0, heap = 0
        var node = head
        var previous: PageNode? = nil
        while let n = node {
            if n.prev !== previous { return false }
            if n.owner == .pool && n.allocationLength != pool.standardLength && n.page.capacity == standardCapacity { return false }
            if n.owner == .heap { heap += 1 }
            if n.page.layout.totalBytes > n.allocationLength { return false }
            bytes += n.allocationLength
            count += 1
            previous = n
            node = n.next
        }
        guard previous === tail, tailPage?.allocation.base == tail?.page.allocation.base else { return false }
        guard bytes == ledger.pageBytes, count == ledger.pageCount, heap == ledger.heapPageCount else { return false }
        return bytes + pool.freeBytes + ledger.detachedBytes == ledger.mappedBytes
            && count + pool.freeCount + ledger.detachedCount == ledger.mappedCount
    }

    /// Debug builds check the ledger after every structural change; release builds skip it.
    @inline(__always)
    func debugCheckAccounting() {
        #if DEBUG
        if !verifyAccounting() {
            assertionFailure("PageList accounting mismatch: ledger \(ledger), pool free \(pool.freeCount)")
        }
        #endif
    }

    #if DEBUG
    public func checkAccounting() {
        precondition(verifyAccounting(), "PageList accounting mismatch: ledger \(ledger)")
    }
    #endif
}
