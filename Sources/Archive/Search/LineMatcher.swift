import Glibc

/// The byte searches the scanners share: a needle's occurrences in a line, or whether a whole
/// chunk's text can hold it.
enum LineMatcher {
    /// Byte ranges of `bytes` (the needle) in `line`, non-overlapping, left to right.
    static func occurrences(of needle: [UInt8], in line: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard !needle.isEmpty, line.baseAddress != nil else { return [] }
        var result: [Range<Int>] = []
        var offset = 0
        needle.withUnsafeBufferPointer { n in
            while let at = find(n, in: UnsafeBufferPointer(rebasing: line[offset...])) {
                result.append((offset + at)..<(offset + at + n.count))
                offset += at + n.count
            }
        }
        return result
    }

    /// Whether a whole chunk text block can contain a hit at all (a cheap pre-check).
    static func contains(_ needle: [UInt8], in block: UnsafeBufferPointer<UInt8>) -> Bool {
        needle.withUnsafeBufferPointer { find($0, in: block) != nil }
    }

    /// First offset of `needle` in `hay`: memchr (vectorised in glibc) for the needle's rarest
    /// byte (`ByteRarity`), a test of its next rarest, then memcmp of the whole needle. (glibc's
    /// memmem is a GNU extension Swift does not import.)
    @inline(__always)
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let n = needle.baseAddress, !needle.isEmpty, let h = hay.baseAddress, hay.count >= needle.count else { return nil }
        let (k, k2) = ByteRarity.rarestIndices(needle)
        let rare = Int32(n[k]), second = n[k2]
        // The rare byte of a match starting at `start` is at `start + k`, for start in 0...last.
        let last = hay.count - needle.count
        var start = 0
        while start <= last {
            guard let p = memchr(h + start + k, rare, last - start + 1) else { return nil }
            let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self)) - k
            if h[at + k2] == second && memcmp(h + at, n, needle.count) == 0 { return at }
            start = at + 1
        }
        return nil
    }
}
