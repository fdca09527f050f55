extension PageList {
    /// Re-wraps history rows for a new width. (First version: not yet implemented beyond
    /// changing the width of pages created from now on.)
    public func reflow(columns newColumns: Int) {
        precondition(newColumns >= 1 && newColumns <= Int(UInt16.max), "columns must be in 1...65535")
        guard newColumns != columns else { return }
        handOverPending()
        while head != nil { pruneHead(zeroing: .discard) }
        pendingNode = nil
        columns = newColumns
        standardCapacity = Capacity.standard(columns: newColumns)
        let standardLength = SystemMemory.roundUpToPages(PageLayout(standardCapacity).totalBytes)
        if standardLength != pool.standardLength {
            for allocation in pool.drain() { unmapPooled(allocation) }
            pool = PagePool(standardLength: standardLength, limit: PageList.poolLimit)
        }
        budget = max(requestedBudget, PageList.minimumBudget(standardLength: standardLength))
        debugCheckAccounting()
    }

    func unmapPooled(_ allocation: Allocation) {
        SystemMemory.unmap(allocation.base, length: allocation.length)
        ledger.mappedBytes -= allocation.length
        ledger.mappedCount -= 1
        ledger.unmappedBytesTotal += allocation.length
    }
}
