/// A page's place in the list, plus how far its rows have been handed to the sink.
///
/// Owner and true mapping length live in the page's immutable `allocation`, which is fixed
/// when the memory is mapped; growth swaps in a new page, recycling builds a new `Page` over
/// the same allocation, and neither can rewrite them.
final class PageNode {
    var page: Page
    var next: PageNode?
    weak var prev: PageNode?
    /// Rows `0..<handedOverRows` were given to the sink; handover is in order.
    var handedOverRows = 0
    /// The ticket of the last range of this page lent to a deferred sink (0: none); the page's
    /// memory may be released or moved only once the sink has read through it.
    var lentThrough: UInt64 = 0

    init(page: Page) { self.page = page }

    var owner: PageOwner { page.allocation.owner }
    var allocationLength: Int { page.allocation.length }
    var hasPendingRows: Bool { handedOverRows < page.rowCount }
}
