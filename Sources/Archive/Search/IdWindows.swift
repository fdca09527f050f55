/// The indexed chunk ids a search reads, cut into windows that start at the end it reads from
/// (the newest ids, or the oldest) and double in size.
///
/// A search for the newest N matches of a common term needs only the first window's index
/// entries, not every chunk the term is in; a search that reads everything gets there in a
/// few index queries, each over ids no other window covers.
struct IdWindows {
    /// The ids no window has covered yet; nil once every id has been handed out.
    private(set) var remaining: ClosedRange<Int64>?
    private let fromHighest: Bool
    private var size: Int64

    init(_ ids: ClosedRange<Int64>?, fromHighest: Bool, firstSize: Int64) {
        remaining = ids
        self.fromHighest = fromHighest
        size = max(1, firstSize)
    }

    /// The next window, twice the size of the one before.
    mutating func next() -> ClosedRange<Int64>? {
        guard let ids = remaining else { return nil }
        let window: ClosedRange<Int64>
        if Int64(ids.count) <= size {
            window = ids
            remaining = nil
        } else if fromHighest {
            window = (ids.upperBound - size + 1)...ids.upperBound
            remaining = ids.lowerBound...(window.lowerBound - 1)
        } else {
            window = ids.lowerBound...(ids.lowerBound + size - 1)
            remaining = (window.upperBound + 1)...ids.upperBound
        }
        size = size > Int64.max / 2 ? size : size * 2
        return window
    }

    /// Every id not handed out yet, as one last window.
    mutating func rest() -> ClosedRange<Int64>? {
        defer { remaining = nil }
        return remaining
    }
}
