/// Line-level check for `words` and `phrase` mode, written so that it never accepts a line the
/// FTS5 unicode61 index would reject (the index selects chunks, this selects lines in them).
///
/// A query token matches a line where it occurs folded as the index folds (lowercase, without
/// diacritics: `cafe` matches "Café") and its first word character sits at a word start in the
/// line, i.e. the token is a word *prefix*: `conn` matches "connection", `foo-bar` matches
/// "a foo-barn", `oo` does not match "foo". Infix matching cannot be served by a word index;
/// `substring` mode does that. Punctuation around a token is what the tokenizer drops, so it
/// is dropped from the token too (`refused,` finds "refused"); inside it, it must occur.
///
/// Why this implies an FTS match of `"token"*`: the token's inner separators occur verbatim in
/// the line, so the line's words from that word start are the token's words (the last one as a
/// prefix). Word characters and folding are unicode61's own (`Unicode61`), so a word start
/// here is one for the index too.
struct WordMatcher {
    /// Folded scalars of each token, and the offset of its first word character.
    struct Token {
        let scalars: [UInt32]
        let firstWordScalar: Int?
    }
    let tokens: [Token]
    /// The tokens' folded text as bytes when all of it is ASCII (empty tokens left out); nil
    /// when some token folds to a non-ASCII scalar.
    private let asciiTokens: [[UInt8]]?
    /// Lowercased copy of the last block `blockMayMatch` looked at.
    private var loweredBlock: [UInt8] = []
    private var lineScalars: [UInt32] = []
    private var lineOffsets: [Int] = []
    private var lineIsWord: [Bool] = []

    init(tokens: [Substring]) {
        self.tokens = tokens.map { token in
            var scalars: [UInt32] = []
            var first: Int?
            for s in Self.trimmingSeparators(token).unicodeScalars {
                let folded = Unicode61.fold(s.value)
                if folded == Unicode61.dropped { continue }
                if first == nil && Unicode61.isTokenScalar(s.value) { first = scalars.count }
                scalars.append(folded)
            }
            return Token(scalars: scalars, firstWordScalar: first)
        }.filter { !$0.scalars.isEmpty }
        let folded = self.tokens.map(\.scalars).filter { !$0.isEmpty }
        asciiTokens = folded.allSatisfy { $0.allSatisfy { $0 < 0x80 } } ? folded.map { $0.map { UInt8($0) } } : nil
    }

    /// False only when no line of `block` (a chunk's text, its lines joined by "\n") can
    /// match: the block is all ASCII, so folding is ASCII lowercasing, and some token does not
    /// occur in its lowercased text (or folds to a scalar it cannot hold). Otherwise true, and
    /// the lines are matched one by one. Most chunks hold no hit: skipping them in one pass
    /// instead of decoding their 64 lines into scalars is what makes a search over an
    /// unindexed tail fast (a rare token right after a 512 MiB burst took 8.2 s).
    mutating func blockMayMatch(_ block: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = block.count
        if loweredBlock.count < count { loweredBlock = [UInt8](repeating: 0, count: count) }
        let isASCII = loweredBlock.withUnsafeMutableBufferPointer { out -> Bool in
            var any: UInt8 = 0
            for i in 0..<count {
                let b = block[i]
                any |= b
                out[i] = b &+ (b &- 0x41 < 26 ? 0x20 : 0)
            }
            return any < 0x80
        }
        guard isASCII else { return true }
        guard let asciiTokens else { return false }
        return loweredBlock.withUnsafeBufferPointer { lowered in
            let text = UnsafeBufferPointer(rebasing: lowered[0..<count])
            return asciiTokens.allSatisfy { token in token.withUnsafeBufferPointer { LineMatcher.find($0, in: text) != nil } }
        }
    }

    /// `token` without the separators before its first word character and after its last, as
    /// the tokenizer drops them; unchanged when it has no word character at all (`--`, `*`):
    /// then it is looked for as it is.
    static func trimmingSeparators(_ token: Substring) -> Substring {
        let scalars = token.unicodeScalars
        guard let first = scalars.firstIndex(where: { Unicode61.isTokenScalar($0.value) }),
              let last = scalars.lastIndex(where: { Unicode61.isTokenScalar($0.value) })
        else { return token }
        // A trailing combining mark belongs to the last word character.
        var end = scalars.index(after: last)
        while end < scalars.endIndex && Unicode61.fold(scalars[end].value) == Unicode61.dropped { end = scalars.index(after: end) }
        return Substring(scalars[first..<end])
    }

    /// Whether there is anything to look for (every token was only combining marks, say).
    var isEmpty: Bool { tokens.isEmpty }

    /// Whether any token has a word character, i.e. the word index can narrow the search.
    var hasIndexableToken: Bool { !indexableTokens.isEmpty }

    /// The FTS5 query for the index: each indexable token as a quoted prefix phrase. Quoting
    /// makes every FTS operator and bracket plain text, so no input can be a syntax error.
    var ftsQuery: String {
        indexableTokens.map { token in
            var quoted = "\""
            for s in Self.indexText(token).unicodeScalars {
                if s == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(s) }
            }
            return quoted + "\"*"
        }.joined(separator: " ")
    }

    /// The folded text of a single token (phrase mode), as `ftsQuery` quotes it; nil unless
    /// there is exactly one token with a word character.
    var phraseText: String? {
        let indexable = indexableTokens
        return indexable.count == 1 ? Self.indexText(indexable[0]) : nil
    }

    private var indexableTokens: [Token] { tokens.filter { $0.firstWordScalar != nil } }

    /// A token's folded text as the index is asked for it. FTS5's parser stops at a NUL even
    /// inside quotes; a space separates the same words, so the index still selects a superset.
    private static func indexText(_ token: Token) -> String {
        var text = ""
        for s in token.scalars { text.unicodeScalars.append(s == 0 ? " " : Unicode.Scalar(s)!) }
        return text
    }

    /// Byte ranges of every token's matches in `line`, or nil if some token does not match.
    mutating func match(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        if let asciiTokens, !Self.mayHold(asciiTokens, line) { return nil }
        return matchInFull(line)
    }

    /// `match` without the quick look at ASCII lines (what the look must agree with).
    mutating func matchInFull(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        decode(line)
        var ranges: [Range<Int>] = []
        for token in tokens {
            let before = ranges.count
            findAll(token, into: &ranges)
            if ranges.count == before { return nil }
        }
        if tokens.count > 1 { ranges = Self.merge(ranges) }
        return ranges
    }

    /// False only when `line` is all ASCII (so folding is lowercasing) and some token is not
    /// in it, ignoring case. Decoding a line into scalars costs far more than this look, and
    /// in a chunk the index picked most lines hold none of the tokens.
    private static func mayHold(_ tokens: [[UInt8]], _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for b in line { any |= b }
        guard any < 0x80 else { return true }
        for token in tokens where !token.isEmpty {
            let first = token[0], n = token.count
            guard n <= line.count else { return false }
            var found = false
            var i = 0
            while i <= line.count - n {
                if Self.lowered(line[i]) == first {
                    var k = 1
                    while k < n && Self.lowered(line[i + k]) == token[k] { k += 1 }
                    if k == n { found = true; break }
                }
                i += 1
            }
            if !found { return false }
        }
        return true
    }

    @inline(__always) private static func lowered(_ b: UInt8) -> UInt8 { b &+ (b &- 0x41 < 26 ? 0x20 : 0) }

    private mutating func decode(_ line: UnsafeBufferPointer<UInt8>) {
        lineScalars.removeAll(keepingCapacity: true)
        lineOffsets.removeAll(keepingCapacity: true)
        lineIsWord.removeAll(keepingCapacity: true)
        var i = 0
        while i < line.count {
            let b = line[i]
            if b < 0x80 {
                let v = UInt32(b)
                lineOffsets.append(i)
                lineScalars.append((v >= 0x41 && v <= 0x5A) ? v + 0x20 : v)
                lineIsWord.append((v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A))
                i += 1
                continue
            }
            let (scalar, width) = Self.decodeScalar(line, at: i)
            // A dropped combining mark joins the scalar before it: a match ending there takes it in.
            let folded = Unicode61.fold(scalar.value)
            if folded != Unicode61.dropped {
                lineOffsets.append(i)
                lineScalars.append(folded)
                lineIsWord.append(Unicode61.isTokenScalar(scalar.value))
            }
            i += width
        }
        lineOffsets.append(line.count)
    }

    /// Decodes one multi-byte UTF-8 sequence; invalid bytes become U+FFFD, one byte each.
    @inline(__always)
    static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = b[i]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard width > 0, i + width <= b.count else { return ("\u{FFFD}", 1) }
        var v = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            v = v << 6 | UInt32(c & 0x3F)
        }
        guard let s = Unicode.Scalar(v) else { return ("\u{FFFD}", 1) }
        return (s, width)
    }

    private func findAll(_ token: Token, into ranges: inout [Range<Int>]) {
        let n = token.scalars.count, m = lineScalars.count
        guard n > 0, n <= m else { return }
        let first = token.scalars[0]
        var p = 0
        while p + n <= m {
            if lineScalars[p] == first && matchesAt(p, token) {
                ranges.append(lineOffsets[p]..<lineOffsets[p + n])
                p += n
            } else {
                p += 1
            }
        }
    }

    @inline(__always)
    private func matchesAt(_ p: Int, _ token: Token) -> Bool {
        for k in 1..<token.scalars.count where lineScalars[p + k] != token.scalars[k] { return false }
        guard let w = token.firstWordScalar else { return true }
        let at = p + w
        return at == 0 || !lineIsWord[at - 1]
    }

    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
