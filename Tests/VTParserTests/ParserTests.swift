import Testing
import VTParser

private let esc = "\u{1B}"

@Suite struct ParserTests {
    @Test func plainTextAndControls() {
        #expect(parse("ab\r\ncd\u{7F}e") == ["print ab", "exec 13", "exec 10", "print cde"])
    }

    @Test func printableRunsArriveInOneCall() {
        let handler = capture(String(repeating: "log line text ", count: 100) + "\n" + "tail")
        #expect(handler.asciiRuns == [1400, 4])
    }

    @Test func nonASCIIScalarsArriveOneByOne() {
        #expect(capture("a\u{E9}\u{1F600}b").printed == ["a", "\u{E9}", "\u{1F600}", "b"])
    }

    @Test func csiParameterCounts() {
        #expect(parse("\(esc)[1;31m") == ["csi 1;31m"])
        #expect(parse("\(esc)[m") == ["csi m"])
        #expect(parse("\(esc)[;m") == ["csi ;m"])
        #expect(parse("\(esc)[1;;3H") == ["csi 1;;3H"])
        let csi = capture("\(esc)[1;;3;0H").sequences[0]
        #expect(csi.count == 4)
        #expect(csi.param(0, default: 9) == 1)
        #expect(csi.param(1, default: 9) == 9)  // empty takes the default
        #expect(csi.param(3, default: 9) == 0)  // 0 stays 0
        #expect(csi.param(4, default: 9) == 9)  // missing takes the default
        #expect(csi.final == UInt8(ascii: "H"))
        #expect(capture("\(esc)[H").sequences[0].count == 0)
    }

    @Test func colonSubparameters() {
        let csi = capture("\(esc)[38:2::255:128:0;4:3m").sequences[0]
        #expect(csi.count == 8)
        #expect((0..<8).map { csi.isSubparameter($0) } == [false, true, true, true, true, true, false, true])
        #expect((0..<8).map { csi.param($0, default: -1) } == [38, 2, -1, 255, 128, 0, 4, 3])
        #expect(csi.description == "38:2::255:128:0;4:3m")
    }

    @Test func privateMarkersAndIntermediates() {
        let decset = capture("\(esc)[?25h").sequences[0]
        #expect(decset.privateMarker == UInt8(ascii: "?"))
        #expect(decset.param(0, default: 0) == 25)
        #expect(capture("\(esc)[>c").sequences[0].privateMarker == UInt8(ascii: ">"))
        let cursorStyle = capture("\(esc)[2 q").sequences[0]
        #expect(cursorStyle.intermediates == 0x20)
        #expect(cursorStyle.final == UInt8(ascii: "q"))
        #expect(capture("\(esc)[!p").sequences[0].intermediates == UInt16(UInt8(ascii: "!")))
        #expect(capture("\(esc)[1 !x").sequences[0].intermediates == 0x2120)  // first in low byte
        #expect(parse("\(esc)[1 !\"xA") == ["print A"])  // three intermediates: not dispatched
        #expect(parse("\(esc)[1?2hA") == ["print A"])  // marker after a digit: ignored
        #expect(parse("\(esc)[1 2hA") == ["print A"])  // digit after an intermediate: ignored
    }

    @Test func parametersSaturateAndOverflowSafely() {
        #expect(capture("\(esc)[99999999999999999999A").sequences[0].param(0, default: 1) == 65535)
        let many = (1...30).map(String.init).joined(separator: ";")
        let csi = capture("\(esc)[\(many)m").sequences[0]
        #expect(csi.count == CSISequence.maxParameters)
        #expect(csi.hasOverflowed)
        #expect(csi.param(23, default: 0) == 24)
        #expect(!capture("\(esc)[1m").sequences[0].hasOverflowed)
    }

    @Test func c0ControlsExecuteInsideCSI() {
        #expect(parse("\(esc)[1\n;2\u{8}H") == ["exec 10", "exec 8", "csi 1;2H"])
        #expect(parse("\(esc)[?\r25h") == ["exec 13", "csi ?25h"])
    }

    @Test func cancelAndSubstituteAbort() {
        #expect(parse("\(esc)[1;2\u{18}X") == ["print X"])
        #expect(parse("\(esc)[1;2\u{1A}X") == ["print X"])
        #expect(parse("\(esc)]0;title\u{18}X") == ["print X"])
        #expect(parse("\(esc)(\u{18}X") == ["print X"])
        #expect(parse("a\u{18}b") == ["print ab"])  // not executed
    }

    @Test func escapeRestartsASequence() {
        #expect(parse("\(esc)[1;2\(esc)[3m") == ["csi 3m"])
    }

    @Test func escapeDispatch() {
        #expect(parse("\(esc)7\(esc)8\(esc)c") == ["esc 0 7", "esc 0 8", "esc 0 c"])
        #expect(parse("\(esc)(B") == ["esc 40 B"])
        #expect(parse("\(esc)#8") == ["esc 35 8"])
    }

    @Test func highBytesInsideSequencesAreIgnored() {
        #expect(parse([0x1B, 0x5B, 0x31, 0x9B, 0xC3, 0x6D]) == ["csi 1m"])
    }

    @Test func oscTerminatedByBELOrST() {
        #expect(parse("\(esc)]0;title\u{7}x") == ["osc 7 false 0;title", "print x"])
        #expect(parse("\(esc)]8;;http://e.x/\(esc)\\link") == ["osc 14 false 8;;http://e.x/", "print link"])
        #expect(parse("\(esc)]2;caf\u{E9} \u{1F600}\u{7}") == ["osc 12 false 2;caf\u{E9} \u{1F600}"])
        #expect(parse("\(esc)]0;a\u{1}b\u{7}") == ["osc 4 false 0;ab"])  // C0 ignored inside
    }

    @Test func hugeOSCIsTruncatedAndStillTerminates() {
        var parser = Parser(handler: RecordingHandler())
        parser.feed(Array("\(esc)]0;".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        for _ in 0..<256 { parser.feed(chunk) }  // 1 MiB
        parser.feed(Array("\u{7}after".utf8))
        let actions = parser.handler.actions
        #expect(actions.count == 2)
        #expect(actions.first?.hasPrefix("osc 65536 true 0;xxx") == true)
        #expect(actions.last == "print after")
    }

    @Test func unterminatedOSCContinuesAcrossFeedsAndEndsAtESC() {
        var parser = Parser(handler: RecordingHandler())
        parser.feed(Array("\(esc)]0;abc".utf8))
        parser.feed(Array("def\u{7}g".utf8))
        #expect(parser.handler.actions == ["osc 8 false 0;abcdef", "print g"])
        #expect(parse("\(esc)]0;abc\(esc)[1mX") == ["osc 5 false 0;abc", "csi 1m", "print X"])
        #expect(parse("\(esc)]0;abc\r\nmore text") == [])  // still inside the string
    }

    @Test func dcsPassthrough() {
        #expect(parse("\(esc)P1$qm\(esc)\\z") == ["hook 1$q", "dcs m", "unhook", "print z"])
        #expect(parse("\(esc)P>|data\r\n\(esc)\\") == ["hook >|", "dcs data\r\n", "unhook"])
        #expect(parse("\(esc)Pqab\u{18}c") == ["hook q", "dcs ab", "unhook", "print c"])
        let header = capture("\(esc)P2;1|x\(esc)\\").hooks[0]
        #expect(header.count == 2 && header.final == UInt8(ascii: "|"))
    }

    @Test func dcsPayloadIsBounded() {
        var parser = Parser(handler: CSICapture())
        parser.feed(Array("\(esc)Pq".utf8))
        parser.feed([UInt8](repeating: UInt8(ascii: "#"), count: 100_000))
        parser.feed(Array("\(esc)\\ok".utf8))
        #expect(parser.handler.dcsBytes == 65536)
        #expect(parser.handler.unhooks == 1)
        #expect(parser.handler.printed == ["o", "k"])
    }

    @Test func sosPmApcStringsAreDropped() {
        #expect(parse("\(esc)_Gf=24;AAAA\(esc)\\x\(esc)^pm\(esc)\\y\(esc)Xsos\(esc)\\z") == ["print xyz"])
        #expect(parse("\(esc)_apc\u{7}still apc\(esc)\\z") == ["print z"])  // BEL does not end it
        #expect(parse("\(esc)kvim\(esc)\\$ ") == ["print $ "])  // screen/tmux window name
    }

    @Test func chunkingDoesNotChangeTheActions() {
        let stream = Array(("plain \(esc)[1;38:2::10:20:30mred\(esc)[0m caf\u{E9} \u{1F468}\u{200D}\u{1F469}"
            + "\(esc)]0;t\u{E9}tle\u{7}\r\n\(esc)]8;;u\(esc)\\L\(esc)P1$qm\(esc)\\\(esc)(B\(esc)[?1049h"
            + "\(esc)[2 q\t\u{8}x\(esc)_apc\(esc)\\\u{4E00}end").utf8) + [0xE2, 0x82, 0x41, 0xFF, 0x42]
        let whole = parse(stream, cutAt: [])
        #expect(whole.count > 15)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let cutCount = Int.random(in: 1...12, using: &rng)
            let cuts = (0..<cutCount).map { _ in Int.random(in: 0...stream.count, using: &rng) }.sorted()
            #expect(parse(stream, cutAt: cuts) == whole, "cuts \(cuts)")
        }
        for cut in 0...stream.count {  // and every single split point
            #expect(parse(stream, cutAt: [cut]) == whole, "cut \(cut)")
        }
        // One byte at a time bypasses every multi-byte fast path.
        #expect(parse(stream, cutAt: Array(1..<stream.count)) == whole)
    }

    /// Control sequences of digits and ';' that end inside one buffer are read by a fast path.
    /// Random ones (saturating values, empty and surplus parameters, markers, ':', intermediates,
    /// controls, CAN and ESC inside, sequences cut off) must dispatch what the state machine does
    /// a byte at a time, and leave it in the same state for what follows.
    @Test func wholeControlSequencesDispatchAsByteByByte() {
        let digits = Array("0123456789".utf8)
        let others = Array(":?> !\u{7}\u{18}\u{1B}".utf8)
        let finals = Array("mmmHJK@~`".utf8)
        var rng = SplitMix64(seed: 7)
        var stream: [UInt8] = []
        for _ in 0..<3000 {
            stream += [0x1B, UInt8(ascii: "[")]
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                switch Int.random(in: 0..<100, using: &rng) {
                case 0..<75: stream.append(digits.randomElement(using: &rng)!)
                case 75..<97: stream.append(UInt8(ascii: ";"))
                default: stream.append(others.randomElement(using: &rng)!)
                }
            }
            if Int.random(in: 0..<10, using: &rng) < 9 { stream.append(finals.randomElement(using: &rng)!) }
            stream += Array("x".utf8)
        }
        let whole = parse(stream, cutAt: [])
        #expect(whole.filter { $0.hasPrefix("csi ") }.count > 1500)
        #expect(parse(stream, cutAt: Array(1..<stream.count)) == whole)
    }

    /// Whole sequences in one buffer are decoded by a fast path; at every lead byte and at the
    /// edges of the second byte's range (overlong E0/F0 forms, ED surrogates, F4 above U+10FFFF)
    /// it must print what the byte-at-a-time stream decoder prints.
    @Test func wholeUTF8SequencesDecodeAsByteByByte() {
        let seconds: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
        let laters: [UInt8] = [0x41, 0x80, 0xBF, 0xC0]
        var cases = 0
        for lead in UInt8(0xC0)...UInt8(0xFF) {
            for b1 in seconds {
                for b2 in laters {
                    for b3 in laters {
                        let stream: [UInt8] = [0x61, lead, b1, b2, b3, 0x62]
                        #expect(parse(stream, cutAt: []) == parse(stream, cutAt: Array(1..<stream.count)), "\(stream)")
                        cases += 1
                    }
                }
            }
        }
        #expect(cases == 64 * 8 * 16)
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 1)
        var parser = Parser(handler: CSICapture())
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        for _ in 0..<32 {  // 2 MiB of uniform noise
            for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
            parser.feed(bytes)
        }
        // Noise made of sequence-relevant bytes reaches every state and the overflow paths.
        let palette = Array("\u{1B}[]P_^X;:?>0123456789 !\"$qmH\u{7}\u{18}\u{1A}\\\r\nab".utf8) + [0x80, 0xC3, 0xE2, 0xF0, 0x9F]
        for _ in 0..<32 {
            for i in bytes.indices { bytes[i] = palette[Int(rng.next() % UInt64(palette.count))] }
            parser.feed(bytes)
        }
        #expect(parser.handler.sequences.count > 1000)
        #expect(parser.handler.sequences.allSatisfy { $0.count <= CSISequence.maxParameters })
    }

    @Test func randomStreamsAreChunkingInvariant() {
        var rng = SplitMix64(seed: 99)
        let palette = Array("\u{1B}[]P_;:?>019 $qmH\u{7}\u{18}\\\nab".utf8) + [0x80, 0xA9, 0xC3, 0xE2, 0xF0, 0x9F]
        for _ in 0..<100 {
            let stream = (0..<200).map { _ in palette[Int(rng.next() % UInt64(palette.count))] }
            let whole = parse(stream, cutAt: [])
            let cuts = (0..<5).map { _ in Int.random(in: 0...stream.count, using: &rng) }.sorted()
            #expect(parse(stream, cutAt: cuts) == whole)
            #expect(parse(stream, cutAt: Array(1..<stream.count)) == whole)
        }
    }
}
