@testable import Archive
import Testing

/// The line check of word and phrase mode: its quick look at an ASCII line (is every token
/// there, ignoring case?) never turns away a line the full check would take.
@Suite struct WordMatcherTests {
    static func matches(_ query: String, _ line: String) -> Bool {
        var matcher = WordMatcher(tokens: query.split(separator: " "))
        var line = line
        return line.withUTF8 { matcher.match($0) } != nil
    }

    @Test func asciiLinesAreTurnedAwayOnlyWhenATokenIsMissing() {
        #expect(Self.matches("connection refused", "ERROR Connection REFUSED by peer"))
        #expect(Self.matches("conn ref", "connection refused"))
        #expect(!Self.matches("connection refused", "connection reset"))
        #expect(!Self.matches("refused", "xrefused"), "a token is a word prefix, not an infix")
        #expect(!Self.matches("refused", "ref"), "a line shorter than the token")
        #expect(Self.matches("cafe", "un café noir"), "a line with accents is checked in full")
        #expect(Self.matches("café", "UN CAFE"))
        #expect(Self.matches("refused,", "refused"))
    }

    /// Against the full check alone, on random ASCII lines built from the query's own letters.
    @Test func theQuickLookAgreesWithTheFullCheck() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcABC -_.:")
        for _ in 0..<2_000 {
            let line = String((0..<Int.random(in: 0...24, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let query = String((0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.prefix(6).randomElement(using: &random)! })
            var quick = WordMatcher(tokens: [Substring(query)])
            var full = WordMatcher(tokens: [Substring(query)])
            var text = line
            let got = text.withUTF8 { quick.match($0) }
            let want = text.withUTF8 { full.matchInFull($0) }
            #expect(got == want, "\(query) in \(line)")
        }
    }
}
