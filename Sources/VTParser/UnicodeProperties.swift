/// Lookup of the generated per-scalar property byte (width, grapheme break class, emoji bits).
///
/// Scalars below U+0300 (ASCII, Latin-1, Latin Extended) come from a direct table; everything
/// above is a binary search over runs of equal properties, about 12 probes.
@usableFromInline
enum UnicodeProperties {
    @usableFromInline static let directLimit: UInt32 = 0x300

    @inlinable
    static func byte(_ value: UInt32) -> UInt8 {
        if value < directLimit {
            return unicodeDirectProperties.withUnsafeBufferPointer { $0[Int(value)] }
        }
        return searchRuns(value)
    }

    /// The width field: 0, 1, 2, or 3 for "unprintable", which takes one cell if shown.
    @inlinable @inline(__always)
    static func width(_ property: UInt8) -> Int {
        let field = Int(property & 0x3)
        return field == 3 ? 1 : field
    }

    /// Finds the last run starting at or before `value`.
    @usableFromInline
    static func searchRuns(_ value: UInt32) -> UInt8 {
        unicodePropertyRuns.withUnsafeBufferPointer { runs in
            let key = value << 8 | 0xFF
            var low = 0
            var high = runs.count  // answer is in low..<high
            while high - low > 1 {
                let mid = (low + high) >> 1
                if runs[mid] <= key { low = mid } else { high = mid }
            }
            return UInt8(truncatingIfNeeded: runs[low])
        }
    }
}
