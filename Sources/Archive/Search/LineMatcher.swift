import Glibc

/// What decides, line by line, whether a line is a hit and where it matches.
enum LineMatcher {
    case words(WordMatcher)
    case substring([UInt8])
    /// The per-line regex, and the same regex run once over a chunk's whole text block as a
    /// pre-check (nil when that could miss a line match, see `blockPrefilter`).
    case regex(Regex<AnyRegexOutput>, block: Regex<AnyRegexOutput>?)
    case fts(FTSProbe)

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

    /// First offset of `needle` in `hay`: memchr for the first byte (vectorised in glibc),
    /// then memcmp for the rest. (glibc's memmem is a GNU extension Swift does not import.)
    @inline(__always)
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let n = needle.baseAddress, !needle.isEmpty, let h = hay.baseAddress, hay.count >= needle.count else { return nil }
        let first = Int32(n.pointee)
        let last = hay.count - needle.count
        var i = 0
        while i <= last {
            guard let p = memchr(h + i, first, last - i + 1) else { return nil }
            let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if needle.count == 1 || memcmp(h + at + 1, n + 1, needle.count - 1) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// A regex over the chunk's text block ("\n"-joined lines) with ^/$ matching at line
    /// ends finds a match wherever one of its lines does (\b, \B, `.`, classes behave the
    /// same next to "\n" as at a line's ends), so a block without a match is skipped whole:
    /// one regex pass per chunk instead of 64. Patterns that can see past a line's end —
    /// string anchors \A \z \Z \G and lookarounds — get no pre-check.
    static func blockPrefilter(_ pattern: String, _ regex: Regex<AnyRegexOutput>) -> Regex<AnyRegexOutput>? {
        for risky in ["\\A", "\\z", "\\Z", "\\G", "(?=", "(?!", "(?<=", "(?<!", "(*"] where pattern.contains(risky) {
            return nil
        }
        return regex.anchorsMatchLineEndings(true)
    }

    static func regexRanges(_ regex: Regex<AnyRegexOutput>, in line: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        let text = String(decoding: line, as: UTF8.self)
        let found = text.matches(of: regex)
        guard !found.isEmpty else { return nil }
        let utf8 = text.utf8
        return found.map { m in
            utf8.distance(from: utf8.startIndex, to: m.range.lowerBound)..<utf8.distance(from: utf8.startIndex, to: m.range.upperBound)
        }
    }
}
