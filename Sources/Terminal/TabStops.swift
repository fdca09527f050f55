/// Horizontal tab stops: every 8 columns by default, changed by HTS and TBC.
struct TabStops {
    private var stops: [Bool]

    init(columns: Int) {
        stops = (0..<columns).map { $0 > 0 && $0 % 8 == 0 }
    }

    mutating func resize(columns: Int) {
        if columns > stops.count {
            stops += (stops.count..<columns).map { $0 % 8 == 0 }
        } else {
            stops.removeLast(stops.count - columns)
        }
    }

    mutating func set(_ x: Int) { if x < stops.count { stops[x] = true } }
    mutating func clear(_ x: Int) { if x < stops.count { stops[x] = false } }
    mutating func clearAll() { for i in stops.indices { stops[i] = false } }

    /// The next stop after `x`, or the last column.
    func next(after x: Int) -> Int {
        var i = x + 1
        while i < stops.count - 1 && !stops[i] { i += 1 }
        return min(i, stops.count - 1)
    }

    /// The previous stop before `x`, or column 0.
    func previous(before x: Int) -> Int {
        var i = x - 1
        while i > 0 && !stops[i] { i -= 1 }
        return max(i, 0)
    }
}
