/// How common each byte is in terminal text, as a rank (higher is more common), so a substring
/// search can look for its needle's rarest byte instead of its first.
///
/// Searching "tok1500000" by its first byte stopped at every 't' of a log ("test", "timeout",
/// "session") and called memcmp there: memchr and memcmp were 29% of a search over an unindexed
/// 256 MiB archive. The ranking is a judgement, not a measurement of any one corpus: blanks,
/// then lower-case letters in the order of English letter frequency, digits (timestamps and
/// counters are everywhere in logs), common punctuation, upper case, UTF-8 continuation and
/// lead bytes, and rare punctuation and control bytes last.
enum ByteRarity {
    static let rank: [UInt8] = {
        var rank = [UInt8](repeating: 10, count: 256)  // control bytes and the rest
        for b in 0x80...0xBF { rank[b] = 90 }          // UTF-8 continuation bytes
        for b in 0xC2...0xF4 { rank[b] = 70 }          // UTF-8 lead bytes
        for b in UInt8(ascii: "!")...UInt8(ascii: "~") { rank[Int(b)] = 40 }
        for (i, c) in "etaoinsrhldcumfpgwybvkxjqz".utf8.enumerated() {
            rank[Int(c)] = UInt8(250 - 4 * i)          // 250 ('e') down to 150 ('z')
            rank[Int(c) - 0x20] = UInt8(120 - 2 * i)   // upper case: 120 down to 70
        }
        for (i, c) in "0123456789".utf8.enumerated() { rank[Int(c)] = UInt8(200 - 4 * i) }
        for c in " \t".utf8 { rank[Int(c)] = 255 }
        for c in ":-./_=,()[]".utf8 { rank[Int(c)] = 140 }
        return rank
    }()

    /// The indices in `needle` of its rarest byte and of its next rarest at another position
    /// (the same index twice for a one-byte needle); the first of equals.
    @inline(__always)
    static func rarestIndices(_ needle: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var first = 0, second = 0
        var firstRank = Int.max, secondRank = Int.max
        rank.withUnsafeBufferPointer { rank in
            for i in needle.indices {
                let r = Int(rank[Int(needle[i])])
                if r < firstRank {
                    (second, secondRank) = (first, firstRank)
                    (first, firstRank) = (i, r)
                } else if r < secondRank {
                    (second, secondRank) = (i, r)
                }
            }
        }
        return needle.count == 1 ? (0, 0) : (first, second)
    }
}
