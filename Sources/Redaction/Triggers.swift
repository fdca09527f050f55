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

    /// The bytes that can set off a check: the `A` of AKIA/ASIA, the `_` of gh?_ and
    /// github_pat_, the `-` of glpat-, xox?- and PRIVATE KEY-----, the `J` of eyJ, the `z` of
    /// authorization, the `:` of ://, the `@` after a URL's password, the `=` of password=.
    private static let interesting: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "A_-JzZ:@=".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Which patterns may match somewhere in `line`.
    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> Kind {
        interesting.withUnsafeBufferPointer { table in
            var found = Kind()
            var sawScheme = false
            for i in 0..<line.count where table[Int(line[i])] {
                found.formUnion(confirm(at: i, in: line, sawScheme: &sawScheme))
            }
            return found
        }
    }

    private static func confirm(at i: Int, in line: UnsafeBufferPointer<UInt8>, sawScheme: inout Bool) -> Kind {
        switch line[i] {
        case UInt8(ascii: "A"):
            if follows(i, "KIA", line) || follows(i, "SIA", line) { return .aws }
        case UInt8(ascii: "_"):
            if i >= 3 && line[i - 3] == UInt8(ascii: "g") && line[i - 2] == UInt8(ascii: "h")
                && "pousr".utf8.contains(line[i - 1]) { return .github }
            if precedes(i, "github", line) { return .github }
        case UInt8(ascii: "-"):
            if precedes(i, "glpat", line) { return .gitlab }
            if i >= 4 && precedes(i - 1, "xox", line) && "abprs".utf8.contains(line[i - 1]) { return .slack }
            if precedes(i, "KEY", line) || precedes(i, "OCK", line) { return .privateKey }
        case UInt8(ascii: "J"):
            if precedes(i, "ey", line) { return .jwt }
        case UInt8(ascii: "z"), UInt8(ascii: "Z"):
            if precedes(i, "authori", line, caseless: true) { return .authorization }
        case UInt8(ascii: ":"):
            if follows(i, "//", line) { sawScheme = true }
        case UInt8(ascii: "@"):
            if sawScheme { return .urlPassword }
        case UInt8(ascii: "="):
            if isPasswordParameter(endingAt: i, line) { return .urlPassword }
        default: break
        }
        return []
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
