import Testing
import VTParser

/// Decodes with `UTF8StreamDecoder` in pieces cut at `cuts`, then ends the stream.
private func decode(_ bytes: [UInt8], cutAt cuts: [Int] = []) -> [Unicode.Scalar] {
    var decoder = UTF8StreamDecoder()
    var scalars: [Unicode.Scalar] = []
    var start = 0
    for cut in cuts + [bytes.count] {
        decoder.decode(bytes[start..<cut]) { scalars.append($0) }
        start = cut
    }
    if let last = decoder.finish() { scalars.append(last) }
    return scalars
}

private func text(_ scalars: [Unicode.Scalar]) -> String {
    var string = ""
    string.unicodeScalars.append(contentsOf: scalars)
    return string
}

@Suite struct UTF8DecoderTests {
    @Test func validSequencesOfEveryLength() {
        let sample = "a\u{E9}\u{65E5}\u{1F600}\u{10FFFF}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"
        #expect(text(decode(Array(sample.utf8))) == sample)
    }

    /// Expected U+FFFD counts follow Unicode 15 §3.9 "U+FFFD Substitution of Maximal Subparts".
    @Test(arguments: [
        ([0x80], "\u{FFFD}"),  // lone continuation
        ([0xBF, 0x80], "\u{FFFD}\u{FFFD}"),
        ([0xC0, 0x80], "\u{FFFD}\u{FFFD}"),  // overlong lead bytes never start a sequence
        ([0xC1, 0xBF], "\u{FFFD}\u{FFFD}"),
        ([0xE0, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // overlong 3-byte
        ([0xE0, 0x9F, 0xBF], "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // surrogate D800
        ([0xF0, 0x80, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // overlong 4-byte
        ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // above U+10FFFF
        ([0xF5, 0x80], "\u{FFFD}\u{FFFD}"),
        ([0xFF], "\u{FFFD}"),
        ([0xE2, 0x82], "\u{FFFD}"),  // truncated at end of stream: one per maximal subpart
        ([0xF0, 0x9F, 0x98], "\u{FFFD}"),
        ([0xE2, 0x82, 0x41], "\u{FFFD}A"),  // cut short by ASCII, which still decodes
        ([0xF0, 0x9F, 0xE2, 0x82, 0xAC], "\u{FFFD}\u{20AC}"),
        ([0xC2, 0xC2, 0xA9], "\u{FFFD}\u{A9}"),
        // The example of Unicode Table 3-8.
        ([0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64],
         "a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}d"),
    ] as [([UInt8], String)])
    func invalidFormsBecomeReplacementCharacters(bytes: [UInt8], expected: String) {
        #expect(text(decode(bytes)) == expected)
    }

    /// The standard library's lossy decoder also substitutes maximal subparts: compare on
    /// random byte soups biased towards UTF-8 lead and continuation bytes.
    @Test func agreesWithStandardLibraryOnRandomBytes() {
        var rng = SplitMix64(seed: 7)
        let palette: [UInt8] = [0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
                                0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<2000 {
            let length = Int.random(in: 1...12, using: &rng)
            let bytes = (0..<length).map { _ in palette.randomElement(using: &rng)! }
            #expect(text(decode(bytes)) == String(decoding: bytes, as: UTF8.self), "\(bytes)")
        }
    }

    @Test func everySplitOfAValidStreamGivesTheSameScalars() {
        let bytes = Array("x\u{E9}\u{65E5}\u{1F468}\u{200D}\u{1F469}y\u{10FFFF}".utf8)
        let whole = decode(bytes)
        for first in 0...bytes.count {
            for second in first...bytes.count {
                #expect(decode(bytes, cutAt: [first, second]) == whole)
            }
        }
    }

    @Test func everySplitOfAnInvalidStreamGivesTheSameScalars() {
        let bytes: [UInt8] = [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0]
        let whole = decode(bytes)
        for first in 0...bytes.count {
            for second in first...bytes.count {
                #expect(decode(bytes, cutAt: [first, second]) == whole)
            }
        }
    }

    @Test func parserPrintsReplacementsAndResumes() {
        #expect(parse([0x61, 0xE2, 0x82, 0x1B, 0x5B, 0x6D, 0xC0, 0x62]) == ["print a\u{FFFD}", "csi m", "print \u{FFFD}b"])
        #expect(parse([0xE2, 0x82, 0x0A]) == ["print \u{FFFD}", "exec 10"])
    }

    @Test func parserFlushesAnIncompleteSequenceAtTheEnd() {
        var parser = Parser(handler: RecordingHandler())
        parser.feed([0xF0, 0x9F])
        #expect(parser.handler.actions == [])
        parser.flushIncompleteUTF8()
        #expect(parser.handler.actions == ["print \u{FFFD}"])
    }
}
