/// Text every match of a pattern must contain, as a formula of literal strings: the trigram
/// index turns it into a query for the chunks that can hold a match.
indirect enum LiteralRequirement: Equatable {
    /// Nothing known: every chunk can hold a match.
    case anything
    case literal(String)
    case all([LiteralRequirement])
    case any([LiteralRequirement])

    /// The FTS5 query over `chunk_trigrams` selecting a superset of the chunks that satisfy
    /// this, or nil when it cannot narrow anything (literals under three characters, or an
    /// alternative without a literal).
    var trigramExpression: String? {
        switch self {
        case .anything:
            return nil
        case .literal(let text):
            return Self.rareTrigrams(of: text)
        case .all(let parts):
            // Dropping a conjunct only widens the selection; the longest literals select best.
            let known = parts.compactMap(\.trigramExpression).sorted { $0.count > $1.count }.prefix(4)
            return known.isEmpty ? nil : known.map { "(\($0))" }.joined(separator: " AND ")
        case .any(let parts):
            guard parts.count <= 64 else { return nil }
            var branches: [String] = []
            for part in parts {
                guard let expression = part.trigramExpression else { return nil }
                branches.append("(\(expression))")
            }
            return branches.isEmpty ? nil : "(" + branches.joined(separator: " OR ") + ")"
        }
    }

    /// The trigram query for one literal: its `kept` rarest-looking trigrams (by
    /// `ByteRarity`), ANDed. Every trigram of the literal selects a superset, so any of them
    /// will do; a common one ("tok" of tok12345 is in every chunk of a log) costs a long doclist
    /// to read and rules out nothing the rare ones did not. Nil under three characters.
    static func rareTrigrams(of text: String, kept: Int = 4) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        func rank(_ s: Unicode.Scalar) -> Int { s.isASCII ? Int(ByteRarity.rank[Int(s.value)]) : 40 }
        var seen = Set<String>()
        var scored: [(score: Int, term: String)] = []
        for i in 0...(scalars.count - 3) {
            let trigram = String(String.UnicodeScalarView(scalars[i..<(i + 3)]))
            guard seen.insert(trigram).inserted, let term = Searcher.trigramExpression(trigram) else { continue }
            scored.append((scalars[i..<(i + 3)].reduce(0) { $0 + rank($1) }, term))
        }
        let rarest = scored.enumerated().sorted { ($0.element.score, $0.offset) < ($1.element.score, $1.offset) }.prefix(kept)
        return rarest.isEmpty ? nil : rarest.map(\.element.term).joined(separator: " AND ")
    }

    static func all(of parts: [LiteralRequirement]) -> LiteralRequirement {
        let known = parts.filter { $0 != .anything }
        return known.isEmpty ? .anything : known.count == 1 ? known[0] : .all(known)
    }

    static func any(of parts: [LiteralRequirement]) -> LiteralRequirement {
        parts.isEmpty || parts.contains(.anything) ? .anything : parts.count == 1 ? parts[0] : .any(parts)
    }
}

/// Reads a PCRE2 pattern (one that compiled) for two facts the scan relies on: the literals
/// every match must contain, and whether matching a whole chunk's text block at once finds
/// every line that matches on its own.
///
/// Conservative by construction: a construct it does not know gives no literals and no block
/// matching, which costs time, never results. Alternation keeps a literal only when every
/// branch has one. Under case-insensitive matching only ASCII characters other than k and s
/// count as literals: the trigram index folds ASCII case, but PCRE2 also matches K with the
/// Kelvin sign and s with the long s, and other scripts fold in ways the index may not.
///
/// Block matching is safe when a match attempt at a position inside a line succeeds in the
/// block exactly when it succeeds in the line alone. Multi-line ^ and $, \b and `.` see the
/// "\n" between lines as a line end, so most patterns qualify; lookarounds, \A \z \Z \G \K,
/// atomic groups, possessive quantifiers, (?-m), (?^) and verbs can see or commit past a
/// line's end, and are matched line by line instead.
struct RegexLiterals {
    let requirement: LiteralRequirement
    let blockSafe: Bool

    init(pattern: String, caseless: Bool) {
        var reader = Reader(scalars: Array(pattern.unicodeScalars), caseless: caseless)
        let node = reader.alternation()
        if reader.gaveUp || reader.position < reader.scalars.count {
            requirement = .anything
            blockSafe = false
        } else {
            requirement = node.requirement
            blockSafe = reader.blockSafe
        }
    }

    /// The literals of a plain string searched case-insensitively (`--substring -i`).
    init(caselessLiteral text: String) {
        let reader = Reader(scalars: [], caseless: true)
        requirement = reader.sequence(text.unicodeScalars.map { reader.character($0) }).requirement
        blockSafe = true
    }

    /// A piece of the pattern: what its matches must contain, and the one string it matches
    /// when it is a plain run of usable literal characters.
    struct Node {
        var requirement: LiteralRequirement
        var exact: [Unicode.Scalar]?

        static let opaque = Node(requirement: .anything, exact: nil)
    }

    struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0
        var caseless: Bool
        var blockSafe = true
        var gaveUp = false

        init(scalars: [Unicode.Scalar], caseless: Bool) {
            self.scalars = scalars
            self.caseless = caseless
        }

        private var atEnd: Bool { gaveUp || position >= scalars.count }
        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            position + offset < scalars.count ? scalars[position + offset] : nil
        }
        private mutating func next() -> Unicode.Scalar? {
            guard let s = peek() else { return nil }
            position += 1
            return s
        }
        private mutating func giveUp() -> Node {
            gaveUp = true
            return .opaque
        }

        /// Branches separated by `|`, up to an unmatched `)` or the end.
        mutating func alternation() -> Node {
            let outerCaseless = caseless
            var branches = [branch()]
            while !atEnd, peek() == "|" {
                position += 1
                branches.append(branch())
            }
            caseless = outerCaseless
            if branches.count == 1 { return branches[0] }
            return Node(requirement: .any(of: branches.map(\.requirement)), exact: nil)
        }

        private mutating func branch() -> Node {
            var items: [Node] = []
            while !atEnd, let s = peek(), s != "|", s != ")" {
                if let quantifier = quantifier() {
                    guard let last = items.popLast() else { return giveUp() }
                    items.append(quantifier.min == 0 ? .opaque
                                 : quantifier.min == 1 && quantifier.max == 1 ? last
                                 : Node(requirement: last.requirement, exact: nil))
                    if peek() == "+" { blockSafe = false; position += 1 } else if peek() == "?" { position += 1 }
                    continue
                }
                items.append(contentsOf: atom())
            }
            return sequence(items)
        }

        /// Adjacent exact pieces join into one literal run; the rest are conjuncts.
        func sequence(_ items: [Node]) -> Node {
            var parts: [LiteralRequirement] = []
            var run: [Unicode.Scalar] = []
            var allExact = true
            func flush() {
                if !run.isEmpty { parts.append(.literal(String(String.UnicodeScalarView(run)))) }
                run.removeAll()
            }
            for item in items {
                if let exact = item.exact {
                    run += exact
                } else {
                    allExact = false
                    flush()
                    parts.append(item.requirement)
                }
            }
            let whole = allExact ? run : nil
            flush()
            return Node(requirement: .all(of: parts), exact: whole)
        }

        /// A literal character: exact when the index can look for it under the current case rule.
        func character(_ s: Unicode.Scalar) -> Node {
            let usable = !caseless || (s.isASCII && !"kKsS".unicodeScalars.contains(s))
            return usable ? Node(requirement: .literal(String(Character(s))), exact: [s]) : .opaque
        }

        /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` at the reading position, consumed.
        private mutating func quantifier() -> (min: Int, max: Int?)? {
            switch peek() {
            case "*": position += 1; return (0, nil)
            case "+": position += 1; return (1, nil)
            case "?": position += 1; return (0, 1)
            case "{":
                // PCRE2 reads a `{` that does not start a well-formed quantifier as a literal,
                // and newer versions accept more forms ({,m}): give up rather than guess.
                var i = position + 1
                func number() -> Int? {
                    var value = 0, digits = 0
                    while i < scalars.count, ("0"..."9").contains(scalars[i]) {
                        value = min(value * 10 + Int(scalars[i].value - 0x30), 1 << 20)
                        digits += 1
                        i += 1
                    }
                    return digits > 0 ? value : nil
                }
                guard let low = number() else { gaveUp = true; return nil }
                var high: Int? = low
                if i < scalars.count, scalars[i] == "," {
                    i += 1
                    high = number()
                }
                guard i < scalars.count, scalars[i] == "}" else { gaveUp = true; return nil }
                position = i + 1
                return (low, high)
            default:
                return nil
            }
        }

        /// One atom: a character, escape, class, group or assertion (several nodes for \Q…\E).
        private mutating func atom() -> [Node] {
            guard let s = next() else { return [] }
            switch s {
            case "\\": return escape()
            case "[": skipClass(); return [.opaque]
            case "(": return [group()]
            case ".", "^", "$": return [.opaque]
            case "*", "+", "?", "{": return [giveUp()]
            default: return [character(s)]
            }
        }

        private mutating func escape() -> [Node] {
            guard let e = next() else { return [giveUp()] }
            switch e {
            case "Q":
                var nodes: [Node] = []
                while let s = next() {
                    if s == "\\" && peek() == "E" { position += 1; break }
                    nodes.append(character(s))
                }
                return nodes
            case "E":
                return []
            case "t": return [character("\t")]
            case "n": return [character("\n")]
            case "r": return [character("\r")]
            case "f": return [character("\u{0C}")]
            case "e": return [character("\u{1B}")]
            case "a": return [character("\u{07}")]
            case "x":
                if peek() == "{" {
                    guard let close = scalars[position...].firstIndex(of: "}") else { return [giveUp()] }
                    let hex = String(String.UnicodeScalarView(scalars[(position + 1)..<close]))
                    position = close + 1
                    guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { return [.opaque] }
                    return [character(scalar)]
                }
                var hex = ""
                while hex.count < 2, let h = peek(), h.isASCII, h.properties.isASCIIHexDigit { hex.unicodeScalars.append(h); position += 1 }
                return [character(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0)!)]
            case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X", "C", "b", "B":
                return [.opaque]
            case "N", "p", "P", "o":
                if peek() == "{" { skip(to: "}") } else if e != "N" { position += 1 }
                return [.opaque]
            case "c":
                position += 1
                return [.opaque]
            case "A", "z", "Z", "G", "K":
                blockSafe = false
                return [.opaque]
            case "0"..."9":
                // Back reference or octal character: matches something unknown.
                while let d = peek(), ("0"..."9").contains(d) { position += 1 }
                return [.opaque]
            case "g":
                switch peek() {
                case "{": skip(to: "}"); return [.opaque]
                case "<", "'": return [giveUp()]  // subroutine call
                default:
                    if peek() == "-" || peek() == "+" { position += 1 }
                    while let d = peek(), ("0"..."9").contains(d) { position += 1 }
                    return [.opaque]
                }
            case "k":
                switch peek() {
                case "{": skip(to: "}")
                case "<": skip(to: ">")
                case "'": position += 1; skip(to: "'")
                default: return [giveUp()]
                }
                return [.opaque]
            default:
                // Escaped punctuation (\. \( \\ ...) is the character itself; PCRE2 rejects
                // unknown letter escapes, so a letter here is one this reader does not know.
                if e.isASCII && (e.properties.isAlphabetic || ("0"..."9").contains(e)) { return [giveUp()] }
                return [character(e)]
            }
        }

        /// Moves past the next `closer`.
        private mutating func skip(to closer: Unicode.Scalar) {
            while let s = next(), s != closer {}
        }

        /// Moves past a character class, from just after its `[`.
        private mutating func skipClass() {
            if peek() == "^" { position += 1 }
            if peek() == "]" { position += 1 }
            while let s = next() {
                switch s {
                case "]": return
                case "\\":
                    if peek() == "Q" {
                        position += 1
                        while let q = next(), !(q == "\\" && peek() == "E") {}
                        if peek() == "E" { position += 1 }
                    } else {
                        position += 1
                    }
                case "[":
                    if let kind = peek(), kind == ":" || kind == "." || kind == "=" {
                        position += 1
                        while let c = next(), !(c == kind && peek() == "]") {}
                        position += 1
                    }
                default: break
                }
            }
            gaveUp = true  // unterminated: PCRE2 would not have compiled it
        }

        /// A group, from just after its `(`.
        private mutating func group() -> Node {
            let outerCaseless = caseless
            var inner: (Node) -> Node = { $0 }
            if peek() == "*" { blockSafe = false; return giveUp() }  // verbs, (*pla:…) and friends
            if peek() == "?" {
                position += 1
                switch peek() {
                case ":", "|": position += 1
                case ">":
                    position += 1
                    blockSafe = false
                    inner = { Node(requirement: $0.requirement, exact: nil) }
                case "=", "!":
                    position += 1
                    blockSafe = false
                    inner = { _ in .opaque }
                case "<" where peek(1) == "=" || peek(1) == "!":
                    position += 2
                    blockSafe = false
                    inner = { _ in .opaque }
                case "<", "'":
                    let closer: Unicode.Scalar = peek() == "<" ? ">" : "'"
                    position += 1
                    skip(to: closer)
                case "P" where peek(1) == "<":
                    position += 2
                    skip(to: ">")
                case "#":
                    skip(to: ")")
                    return .opaque
                default:
                    return options()
                }
            }
            let node = inner(alternation())
            caseless = outerCaseless
            guard !gaveUp, next() == ")" else { return giveUp() }
            return node
        }

        /// Inline options, from just after `(?`: `(?i)` holds to the end of the enclosing
        /// group (the caller's `alternation` restores the case rule there), `(?i:…)` for its
        /// own. `(?^)` is left as it is: assuming case-insensitive matching is the safe side.
        private mutating func options() -> Node {
            let outerCaseless = caseless
            var on = true
            while let f = next() {
                switch f {
                case "i": caseless = on
                // Without multi-line mode ^ and $ are the block's ends, not the line's.
                case "m": if !on { blockSafe = false }
                case "^": blockSafe = false
                case "s", "n", "U", "J": break
                case "-": on = false
                case ")":
                    return Node(requirement: .anything, exact: [])
                case ":":
                    let node = alternation()
                    caseless = outerCaseless
                    guard !gaveUp, next() == ")" else { return giveUp() }
                    return node
                default:
                    // x (extended syntax) changes what is literal; others are unknown here.
                    return giveUp()
                }
            }
            return giveUp()
        }
    }
}
