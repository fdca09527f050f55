/// Page lifecycle: mapping, linking, growing, pruning and releasing. Every change to the set
/// of live mappings goes through `mapStandard`, `mapHeap` and `release`, which keep the ledger.
extension PageList {
    /// The largest a page may grow while it already holds rows; past this a new page is started
    /// instead, so one page never dwarfs the budget. An empty page always grows as needed,
    /// since the row must go somewhere.
    var maximumGrownLength: Int { max(2 * pool.standardLength, budget / 4) }

    // MARK: Mappings

    func mapStandard() -> Allocation {
        if let recycled = pool.take() { return recycled }
        let length = pool.standardLength
        let allocation = Allocation(base: SystemMemory.map(length: length), length: length, owner: .pool)
        ledger.mappedBytes += length
        ledger.mappedCount += 1
        return allocation
    }

    func mapHeap(bytes: Int) -> Allocation {
        let length = SystemMemory.roundUpToPages(bytes)
        let allocation = Allocation(base: SystemMemory.map(length: length), length: length, owner: .heap)
        ledger.mappedBytes += length
        ledger.mappedCount += 1
        return allocation
    }

    /// Recycles pool-owned standard mappings (while the pool has room), unmaps everything else.
    /// The decision reads the owner recorded at mapping time, never a layout.
    func release(_ allocation: Allocation, zeroing: PagePool.Zeroing = .keepResident) {
        if allocation.owner == .pool && allocation.length == pool.standardLength && pool.offer(allocation, zeroing: zeroing) {
            ledger.recycledPagesTotal += 1
            return
        }
        SystemMemory.unmap(allocation.base, length: allocation.length)
        ledger.mappedBytes -= allocation.length
        ledger.mappedCount -= 1
        ledger.unmappedBytesTotal += allocation.length
    }

    // MARK: Structure

    /// Prunes old pages until a standard page fits the budget, then links a new empty tail.
    func startNewPage() -> PageNode {
        while head != nil && ledger.pageBytes + pool.standardLength > budget {
            pruneHead()
        }
        let node = PageNode(page: Page(formatting: mapStandard(), capacity: standardCapacity))
        link(node)
        debugCheckAccounting()
        return node
    }

    func link(_ node: PageNode) {
        node.prev = tail
        node.next = nil
        if let tail { tail.next = node } else { head = node }
        tail = node
        ledger.pageBytes += node.allocationLength
        ledger.pageCount += 1
        if node.owner == .heap { ledger.heapPageCount += 1 }
    }

    /// Removes the oldest page in the fixed order: detach, fix counts, move what pointed at it,
    /// hand its remaining rows to the sink, then recycle or unmap its memory.
    func pruneHead(zeroing: PagePool.Zeroing = .keepResident) {
        guard let node = head else { return }
        // 1. Detach.
        head = node.next
        head?.prev = nil
        if tail === node { tail = nil }
        node.next = nil
        // 2. Fix counts.
        ledger.pageBytes -= node.allocationLength
        ledger.pageCount -= 1
        if node.owner == .heap { ledger.heapPageCount -= 1 }
        ledger.prunedPages += 1
        // 3. Move what points into the page.
        if pendingNode === node { pendingNode = head }
        // 4. Hand over what the sink has not seen (the page's memory is still mapped), and
        // wait until a sink reading on another thread is done with the page.
        handOverRows(of: node)
        waitForReaders(through: node.lentThrough)
        // 5. Release.
        release(node.page.allocation, zeroing: zeroing)
        debugCheckAccounting()
    }

    /// Prunes old pages (never the tail being written) while the list is over budget; needed
    /// after growth, which enlarges the tail in place.
    func pruneWhileOverBudget() {
        while ledger.pageBytes > budget, let head, head !== tail {
            pruneHead()
        }
    }

    /// Moves `node`'s page into a larger heap mapping with room for the row in `cells`.
    /// Returns false (nothing changed) when the page holds rows and would grow past
    /// `maximumGrownLength`; the caller then starts a new page.
    func grow(_ node: PageNode, toFit cells: UnsafeBufferPointer<Cell>,
              graphemeTail: GraphemeTailVisitor) -> Bool {
        let old = node.page
        let need = Page.requirements(of: cells, columns: old.columns, graphemeTail: graphemeTail)
        var capacity = old.capacity
        // An empty page keeps nothing (styles interned by the failed attempt included), so a
        // single row can always be given room, however many styles or graphemes it has.
        let keepsContents = old.rowCount > 0
        let usedStyles = keepsContents ? old.capacity.styles - old.freeStyles : 1
        while capacity.styles - usedStyles < need.styles && capacity.styles < Capacity.maximumStyles {
            capacity.styles = min(capacity.styles * 2, Capacity.maximumStyles)
        }
        // A full 16-bit style table cannot take this row's styles: it goes to a new page.
        if capacity.styles - usedStyles < need.styles { return false }
        let usedWords = keepsContents ? old.layout.graphemeWords - old.freeGraphemeWords : 0
        while capacity.graphemeBytes / 4 - usedWords < need.graphemeWords {
            capacity.graphemeBytes = max(capacity.graphemeBytes * 2, 4096)
        }
        if keepsContents {
            // Grow once for the rest of the page, at the rate its rows so far used graphemes and
            // styles (plus a quarter), rather than doubling several times: each growth maps,
            // copies and unmaps, and emoji rows made ~6 growths per page (page faults and
            // copies were ~15% of emulating them). Kept within the growth limit.
            let rowsSoFar = old.rowCount + 1
            var projected = capacity
            let words = (usedWords + need.graphemeWords) * capacity.rows / rowsSoFar * 5 / 4
            projected.graphemeBytes = max(capacity.graphemeBytes, SystemMemory.roundUpToPages(words * 4))
            let styles = (usedStyles + need.styles) * capacity.rows / rowsSoFar * 5 / 4
            projected.styles = min(Capacity.maximumStyles, max(capacity.styles, styles))
            if SystemMemory.roundUpToPages(PageLayout(projected).totalBytes) <= maximumGrownLength { capacity = projected }
        }
        if capacity == old.capacity {
            // Interning may have filled the table with this row's own styles on the failed
            // attempt; give it one doubling so the retry certainly fits.
            capacity.styles = min(capacity.styles * 2, Capacity.maximumStyles)
            capacity.graphemeBytes *= 2
        }
        let bytes = PageLayout(capacity).totalBytes
        if old.rowCount > 0 && SystemMemory.roundUpToPages(bytes) > maximumGrownLength { return false }

        let grown = Page(formatting: mapHeap(bytes: bytes), capacity: capacity)
        if keepsContents { old.copyContents(into: grown) }
        node.page = grown
        if node === tail { tailPage = grown }
        ledger.pageBytes += grown.allocation.length - old.allocation.length
        if old.allocation.owner == .heap { ledger.heapPageCount -= 1 }
        ledger.heapPageCount += 1
        ledger.grownPagesTotal += 1
        // Rows lent from the old page are read there: it goes only once they have been.
        waitForReaders(through: node.lentThrough)
        release(old.allocation)
        debugCheckAccounting()
        pruneWhileOverBudget()
        return true
    }
}
