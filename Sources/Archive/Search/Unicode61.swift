/// SQLite's unicode61 tokenizer with `remove_diacritics 2` (the word index's), one scalar at a
/// time: whether a scalar belongs to a token, and what it folds to (lowercase, diacritics
/// removed: "É" → "e"; a combining accent is dropped). `WordMatcher` checks lines with exactly
/// these rules, so a line it accepts is in a chunk the index selects, and the scan of the
/// unindexed tail finds what the index would.
///
/// The tables come from the tokenizer itself (scripts/unicode61-tables.py); lookups go through
/// flat tables for the Basic Multilingual Plane, built on first use.
enum Unicode61 {
    /// What `fold` returns for a scalar the tokenizer drops from a token.
    static let dropped = UInt32.max

    /// Lowercase, diacritics removed; `dropped` for a combining mark the tokenizer removes.
    /// Only meaningful for token scalars (separators are returned unchanged).
    @inline(__always)
    static func fold(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v + 0x20 : v }
        if v < 0x10000 {
            let folded = tables.bmpFold[Int(v)]
            return folded == 0 ? dropped : UInt32(folded)
        }
        return tables.supplementaryFold[v] ?? v
    }

    /// Whether the tokenizer keeps `v` in a token (ASCII: letters and digits only).
    @inline(__always)
    static func isTokenScalar(_ v: UInt32) -> Bool {
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        if v < 0x10000 { return tables.bmpToken[Int(v >> 6)] & (1 << (v & 63)) != 0 }
        return !isSupplementarySeparator(v)
    }

    private static func isSupplementarySeparator(_ v: UInt32) -> Bool {
        // Binary search over the ranges' first scalars: the last range starting at or before v.
        let ranges = separatorRanges
        var low = 0, high = ranges.count / 2
        while low < high {
            let mid = (low + high) / 2
            if ranges[2 * mid] <= v { low = mid + 1 } else { high = mid }
        }
        return low > 0 && v <= ranges[2 * (low - 1) + 1]
    }

    private struct Tables {
        /// Folded value of each BMP scalar (0: dropped).
        var bmpFold: [UInt16]
        /// One bit per BMP scalar: set for token scalars.
        var bmpToken: [UInt64]
        var supplementaryFold: [UInt32: UInt32] = [:]
    }

    private static let tables: Tables = {
        var t = Tables(bmpFold: (0..<0x10000).map { UInt16($0) }, bmpToken: [UInt64](repeating: ~0, count: 0x10000 / 64))
        for v in 0..<UInt32(0x80) where !isTokenScalar(v) { t.bmpToken[Int(v >> 6)] &= ~(1 << (v & 63)) }
        for k in stride(from: 0, to: separatorRanges.count, by: 2) where separatorRanges[k] < 0x10000 {
            for v in separatorRanges[k]...min(separatorRanges[k + 1], 0xFFFF) { t.bmpToken[Int(v >> 6)] &= ~(1 << (v & 63)) }
        }
        for k in stride(from: 0, to: foldPairs.count, by: 2) {
            let (v, folded) = (foldPairs[k], foldPairs[k + 1])
            if v < 0x10000 { t.bmpFold[Int(v)] = UInt16(folded) } else { t.supplementaryFold[v] = folded }
        }
        // Surrogate code points never reach here (decoding turns them into U+FFFD).
        return t
    }()
}
