@testable import Archive
import Testing

/// The two facts the regex scan takes from a pattern without running it: the literals every
/// match holds (they pick chunks from the trigram index) and whether a block of lines can be
/// matched at once. Both must hold for every line PCRE2 matches, whatever the pattern.
@Suite struct RegexLiteralsTests {
    private func requirement(_ pattern: String, caseless: Bool = false) -> LiteralRequirement {
        RegexLiterals(pattern: pattern, caseless: caseless).requirement
    }

    @Test func literalsOfCommonPatterns() {
        #expect(requirement("tok12345[0-9]7 ") == .all([.literal("tok12345"), .literal("7 ")]))
        #expect(requirement("foo|bar") == .any([.literal("foo"), .literal("bar")]))
        #expect(requirement("(foo|x*)bar") == .literal("bar"), "a branch without a literal drops the alternation")
        #expect(requirement("(foo)bar") == .literal("foobar"), "a group of one literal joins its neighbours")
        #expect(requirement("ab+c") == .all([.literal("a"), .literal("b"), .literal("c")]))
        #expect(requirement("a{2,}bc") == .all([.literal("a"), .literal("bc")]))
        #expect(requirement("x?yz") == .literal("yz"))
        #expect(requirement("\\Qa.b\\E") == .literal("a.b"))
        #expect(requirement("x\\.y\\[") == .literal("x.y["))
        #expect(requirement("[abc]def\\d") == .literal("def"))
        #expect(requirement("caf\\x{e9}") == .literal("café"))
        #expect(requirement("foo(?=bar)") == .literal("foo"))
        #expect(requirement("(?:foo|bar)baz") == .all([.any([.literal("foo"), .literal("bar")]), .literal("baz")]))
        #expect(requirement("foo|") == .anything)
        #expect(requirement("a{,3}bcd") == .anything, "a brace PCRE2 versions read differently: no guess")
        #expect(requirement("(?x) foo bar") == .anything, "extended syntax changes what is literal")
    }

    @Test func caseInsensitiveLiteralsAreASCIIWithoutKOrS() {
        #expect(requirement("tok12345", caseless: true) == .all([.literal("to"), .literal("12345")]))
        #expect(requirement("(?i)Kelvin") == .literal("elvin"))
        #expect(requirement("a(?i)bc") == .literal("abc"))
        #expect(requirement("(?i:ab)Kc") == .literal("abKc"))
        #expect(requirement("(?i:ab)KcK") == .literal("abKcK"))
        #expect(requirement("Café", caseless: true) == .literal("Caf"))
        #expect(requirement("(?-i)TOK", caseless: true) == .literal("TOK"))
        #expect(RegexLiterals(caselessLiteral: "disk full").requirement == .all([.literal("di"), .literal(" full")]))
    }

    @Test func trigramQueries() {
        // The rarest-looking four: "tok" and "ok1" (common letters) are left out.
        #expect(requirement("tok12345[0-9]7 ").trigramExpression == "(\"345\" AND \"k12\" AND \"234\" AND \"123\")")
        #expect(requirement("error|warn").trigramExpression
                == "((\"rro\" AND \"ror\" AND \"err\") OR (\"war\" AND \"arn\"))")
        #expect(requirement("a\"b\"c").trigramExpression == "\"\"\"b\"\"\" AND \"b\"\"c\" AND \"a\"\"b\"", "quotes doubled")
        #expect(requirement("error|wa").trigramExpression == nil, "a branch too short to index")
        #expect(requirement("[0-9]{5}3 [a-z]{5} [a-z]{4}").trigramExpression == nil)
    }

    @Test func blockSafety() {
        for pattern in ["tok[0-9]+", "^ERROR$", "\\bword\\b", "a\\s+b", "(?s)a.b", "(?i)x", "(?m)^x", "\\Qa\\E"] {
            #expect(RegexLiterals(pattern: pattern, caseless: false).blockSafe, "\(pattern)")
        }
        for pattern in ["a(?=b)", "(?<!a)b", "\\Aa", "a\\z", "a\\Z", "\\Ga", "a\\Kb", "(?>a+)b", "a++b", "(?-m)^a", "(*CR)a", "(?x)a"] {
            #expect(!RegexLiterals(pattern: pattern, caseless: false).blockSafe, "\(pattern)")
        }
    }

    /// Empty lines at a block's start, middle and end: ^ must match after the block's last "\n".
    @Test func emptyLinesAreFoundAnywhereInABlock() throws {
        let matcher = PCRE2Matcher(try PCRE2Pattern("^$", caseless: false))
        for lines in [["a", ""], ["", ""], [""], ["a", "", "b"], ["", "a"], ["a", "b", "", ""]] {
            var candidates: [Int] = []
            let block = Array(lines.joined(separator: "\n").utf8)
            try block.withUnsafeBufferPointer { (b) throws(ArchiveError) in
                try ChunkScanner.candidateLines(in: b, lineCount: lines.count, matcher: matcher, into: &candidates)
            }
            #expect(candidates == lines.indices.filter { lines[$0].isEmpty }, "\(lines)")
        }
    }

    /// Random patterns over a small alphabet, random lines: every line PCRE2 matches holds the
    /// literals, and (for block-safe patterns) the block scan names every such line.
    @Test func literalsAndBlockScanHoldForRandomPatterns() throws {
        var rng = SplitMix(state: 24)
        let alphabet: [String] = ["a", "b", "K", "s", "é", " ", ".", "x", "1", "\u{212A}", "ſ", "A", "B"]
        var checkedPatterns = 0, patternsWithHits = 0
        for _ in 0..<6_000 {
            let caseless = Int.random(in: 0..<4, using: &rng) == 0
            let pattern = RandomPattern.alternation(depth: 0, using: &rng)
            guard let reference = LinePCRE2(pattern, caseless: caseless) else { continue }
            let compiled = try PCRE2Pattern(pattern, caseless: caseless)
            let facts = RegexLiterals(pattern: pattern, caseless: caseless)
            let lines = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                (0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            }
            let matching = lines.indices.filter { reference.matches(lines[$0]) }
            if !matching.isEmpty && matching.count < lines.count { patternsWithHits += 1 }
            for i in matching {
                #expect(Self.holds(facts.requirement, in: lines[i], caseless: caseless),
                        "pattern \(pattern) -i \(caseless): line \(lines[i]) matches but lacks \(facts.requirement)")
            }
            if facts.blockSafe {
                var candidates: [Int] = []
                let block = Array(lines.joined(separator: "\n").utf8)
                try block.withUnsafeBufferPointer { (b) throws(ArchiveError) in
                    try ChunkScanner.candidateLines(in: b, lineCount: lines.count, matcher: PCRE2Matcher(compiled), into: &candidates)
                }
                #expect(Set(matching).isSubset(of: candidates), "pattern \(pattern) -i \(caseless): lines \(lines), candidates \(candidates), matching \(matching)")
                #expect(candidates == candidates.sorted() && Set(candidates).count == candidates.count)
            }
            // Whatever the block scan says, a line's own ranges decide: they agree with grep -P.
            let matcher = PCRE2Matcher(compiled)
            for (i, line) in lines.enumerated() {
                let ranges = try Array(line.utf8).withUnsafeBufferPointer { (b) throws(ArchiveError) in try matcher.matches(inLine: b) }
                #expect((ranges != nil) == matching.contains(i), "pattern \(pattern): line \(line)")
            }
            checkedPatterns += 1
        }
        #expect(checkedPatterns > 1_000 && patternsWithHits > 300, "\(checkedPatterns) patterns, \(patternsWithHits) telling lines apart")
    }

    /// Whether `text` holds what `requirement` asks (case-insensitively: ASCII case folded,
    /// which is all the trigram index is trusted with).
    static func holds(_ requirement: LiteralRequirement, in text: String, caseless: Bool) -> Bool {
        func fold(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.map { $0.isASCII ? Unicode.Scalar(UInt8(ascii: $0).lowercasedASCII) : $0 })) }
        switch requirement {
        case .anything: return true
        case .literal(let literal):
            // The trigram index folds case on both sides, so literals are compared folded.
            return fold(text).contains(fold(literal))
        case .all(let parts): return parts.allSatisfy { holds($0, in: text, caseless: caseless) }
        case .any(let parts): return parts.contains { holds($0, in: text, caseless: caseless) }
        }
    }
}

private extension UInt8 {
    init(ascii scalar: Unicode.Scalar) { self = UInt8(scalar.value) }
    var lowercasedASCII: UInt8 { self >= 0x41 && self <= 0x5A ? self + 0x20 : self }
}

/// Random PCRE2 patterns from a small grammar: literals, classes, escapes, anchors, groups of
/// every kind the scan treats differently, quantifiers (lazy and possessive), inline options.
enum RandomPattern {
    static func alternation(depth: Int, using rng: inout SplitMix) -> String {
        (0..<Int.random(in: 1...(depth == 0 ? 3 : 2), using: &rng)).map { _ in branch(depth: depth, using: &rng) }.joined(separator: "|")
    }

    static func branch(depth: Int, using rng: inout SplitMix) -> String {
        (0..<Int.random(in: 1...4, using: &rng)).map { _ in atom(depth: depth, using: &rng) + quantifier(using: &rng) }.joined()
    }

    static func atom(depth: Int, using rng: inout SplitMix) -> String {
        let simple = ["a", "b", "K", "s", "é", " ", "\\.", "x", "ab", "[ab]", "[^a]", ".", "\\s", "\\w", "\\W", "\\d", "\\b",
                      "^", "$", "\\n", "\\Q a\\E", "(?i)", "\\x{212A}", "ſ", "\\1", "\\A", "\\z", "\\K"]
        if depth < 2 && Int.random(in: 0..<4, using: &rng) == 0 {
            let open = ["(", "(?:", "(?=", "(?!", "(?<=a", "(?>", "(?i:", "(?-i:"].randomElement(using: &rng)!
            return open + (open == "(?<=a" ? ")" : alternation(depth: depth + 1, using: &rng) + ")")
        }
        return simple.randomElement(using: &rng)!
    }

    static func quantifier(using rng: inout SplitMix) -> String {
        ["", "", "", "", "*", "+", "?", "{1,2}", "{2}", "*?", "++", "{0,1}"].randomElement(using: &rng)!
    }
}
