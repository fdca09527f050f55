/// The prefilter that keeps redaction off the recording's critical path: one pass over a
/// line's bytes that looks for the few characters each secret must contain, confirmed by the
/// bytes beside them, and says which patterns are worth running. Most lines trigger none, and
/// cost a table lookup per byte.
enum Triggers {
    struct Kind: OptionSet {
        let rawValue: UInt16
        static let aws = Kind(rawValue: 1 << 0)
        static let github = Kind(rawValue: 1 << 1)
        static let gitlab = Kind(rawValue: 1 << 2)
        static let slack = Kind(rawValue: 1 << 3)
        static let jwt = Kind(rawValue: 1 << 4)
        static let authorization = Kind(rawValue: 1 << 5)
        static let urlPassword = Kind(rawValue: 1 << 6)
        static let privateKey = Kind(rawValue: 1 << 7)
    }

    /// The bytes that set off a check, chosen as rare as each secret allows (`-`, `_` and `=`
    /// are not; their checks reject in a compare or two): the `A` of AKIA/ASIA, the
    /// `_` of gh?_ and github_pat_, the `x` of xox?-, the `V` of PRIVATE KEY, the `J` of eyJ,
    /// the `z` of authorization, the `@` after a URL's password, the `-` of glpat-, the `=` of
    /// password=. One byte per value (1: a trigger), read through a raw pointer.
    private static let interesting: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in "A_xVJzZ@-=".utf8 { table[Int(byte)] = 1 }
        return table
    }()

    /// Which patterns may match somewhere in `line`. Eight bytes at a time, their table
    /// entries are OR-ed together before one branch: most blocks hold no trigger and cost no
    /// more than that; a block with one is checked byte by byte.
    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let base = line.baseAddress else { return [] }
        let n = line.count
        return interesting.withUnsafeBufferPointer { tableBuffer in
            let t = tableBuffer.baseAddress!
            var found = Kind()
            var i = 0
            while i + 8 <= n {
                let p = base + i
                let any = t[Int(p[0])] | t[Int(p[1])] | t[Int(p[2])] | t[Int(p[3])]
                    | t[Int(p[4])] | t[Int(p[5])] | t[Int(p[6])] | t[Int(p[7])]
                if any != 0 { found.formUnion(scanBytes(line, from: i, to: i + 8, table: t)) }
                i &+= 8
            }
            if i < n { found.formUnion(scanBytes(line, from: i, to: n, table: t)) }
            return found
        }
    }

    /// The bytewise check over `line[start..<end]` (the line around it is still seen).
    @inline(__always)
    private static func scanBytes(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                  table: UnsafePointer<UInt8>) -> Kind {
        var found = Kind()
        for i in start..<end where table[Int(line[i])] != 0 {
            found.formUnion(confirm(at: i, in: line))
        }
        return found
    }

    private static func confirm(at i: Int, in line: UnsafeBufferPointer<UInt8>) -> Kind {
        switch line[i] {
        case UInt8(ascii: "A"):
            if follows(i, "KIA", line) || follows(i, "SIA", line) { return .aws }
        case UInt8(ascii: "_"):
            if i >= 3 && line[i - 3] == UInt8(ascii: "g") && line[i - 2] == UInt8(ascii: "h")
                && "pousr".utf8.contains(line[i - 1]) { return .github }
            if precedes(i, "github", line) { return .github }
        case UInt8(ascii: "x"):
            if follows(i, "ox", line) && i + 4 < line.count && "abprs".utf8.contains(line[i + 3])
                && line[i + 4] == UInt8(ascii: "-") { return .slack }
        case UInt8(ascii: "V"):
            if precedes(i, "PRI", line) && follows(i, "ATE", line) { return .privateKey }
        case UInt8(ascii: "J"):
            if precedes(i, "ey", line) { return .jwt }
        case UInt8(ascii: "z"), UInt8(ascii: "Z"):
            if precedes(i, "authori", line, caseless: true) { return .authorization }
        case UInt8(ascii: "@"):
            if hasScheme(before: i, line) { return .urlPassword }
        case UInt8(ascii: "-"):
            if precedes(i, "glpat", line) { return .gitlab }
        case UInt8(ascii: "="):
            if isPasswordParameter(endingAt: i, line) { return .urlPassword }
        default: break
        }
        return []
    }

    /// Whether "://" comes somewhere before position `i`.
    private static func hasScheme(before i: Int, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = i - 1
        while k >= 2 {
            if line[k] == UInt8(ascii: "/") && line[k - 1] == UInt8(ascii: "/") && line[k - 2] == UInt8(ascii: ":") { return true }
            k -= 1
        }
        return false
    }

    /// Whether `literal` comes right after position `i`.
    @inline(__always)
    private static func follows(_ i: Int, _ literal: StaticString, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i + n < line.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where line[i + 1 + k] != p[k] { return false }
        return true
    }

    /// Whether `literal` comes right before position `i`.
    @inline(__always)
    private static func precedes(_ i: Int, _ literal: StaticString, _ line: UnsafeBufferPointer<UInt8>, caseless: Bool = false) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= n else { return false }
        let p = literal.utf8Start
        for k in 0..<n {
            var byte = line[i - n + k]
            if caseless && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != p[k] { return false }
        }
        return true
    }

    /// `?password=`, `&pwd=`…: a password-like parameter name after a query's `?` or `&`.
    private static func isPasswordParameter(endingAt i: Int, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every such name ends in d or s: most `key=value` pairs stop here.
        guard i > 0, case let last = line[i - 1] | 0x20, last == UInt8(ascii: "d") || last == UInt8(ascii: "s") else { return false }
        var start = i
        while start > 0 && i - start < 9, case let b = line[start - 1] | 0x20, b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") {
            start -= 1
        }
        guard start > 0, start < i, line[start - 1] == UInt8(ascii: "?") || line[start - 1] == UInt8(ascii: "&") else { return false }
        var word: [UInt8] = []
        for k in start..<i { word.append(line[k] | 0x20) }
        return ["password", "passwd", "pass", "pwd"].contains { Array($0.utf8) == word }
    }
}
