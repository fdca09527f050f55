import RecordingFormats
import Testing

@Suite struct ImportAsciicastTests {
    @Test func version2EventsHaveAbsoluteTimesAndResizes() throws {
        let cast = """
            {"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "env": {"TERM": "xterm-256color"}}
            [0.25, "o", "hello \\u001b[1mworld\\u001b[0m\\r\\n"]
            [0.5, "i", "typed"]
            [1.0, "r", "100x40"]
            [1.5, "m", "a marker"]
            [2.75, "o", "quote \\" slash \\/ backslash \\\\ tab \\t smile \\ud83d\\ude00 e\\u0301"]

            """
        let decoded = try decode(cast)
        #expect(decoded.error == nil)
        #expect(decoded.header == RecordingHeader(columns: 80, rows: 24, startTime: 1504467315))
        #expect(decoded.timeline == [
            output("hello \u{1b}[1mworld\u{1b}[0m\r\n", at: 0.25),
            .resize(columns: 100, rows: 40, time: 1.0),
            output("quote \" slash / backslash \\ tab \t smile 😀 e\u{301}", at: 2.75),
        ])
    }

    @Test func version3IntervalsAccumulateAndCommentsAreSkipped() throws {
        let cast = """
            {"version": 3, "term": {"cols": 132, "rows": 43, "type": "xterm"}, "timestamp": 1700000000.5}
            # a comment line
            [0.5, "o", "one"]

            [0.25, "r", "90x30"]
            [0.25, "i", "x"]
            [1, "o", "two"]
            [0.125, "x", "0"]
            """
        let decoded = try decode(cast)
        #expect(decoded.error == nil)
        #expect(decoded.header == RecordingHeader(columns: 132, rows: 43, startTime: 1700000000.5))
        #expect(decoded.timeline == [
            output("one", at: 0.5),
            .resize(columns: 90, rows: 30, time: 0.75),
            output("two", at: 2.0),
        ])
    }

    @Test func numbersInEveryJSONShapeAreRead() throws {
        let cast = """
            {"version": 2, "width": 8e1, "height": 24.0}
            [1e-3, "o", "a"]
            [12.500000000000000001, "o", "b"]
            [0, "o", "c"]

            """
        let decoded = try decode(cast)
        #expect(decoded.error == nil)
        #expect(decoded.header.columns == 80 && decoded.header.rows == 24)
        #expect(decoded.timeline == [output("a", at: 0.001), output("b", at: 12.5), output("c", at: 0)])
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        let cast = #"{"version": 2, "width": 80, "height": 24}"# + "\n"
            + #"[1, "o", "a\ud800b\udc00c\ud83d"]"# + "\n"
        let decoded = try decode(cast)
        #expect(decoded.error == nil)
        #expect(decoded.outputText == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
    }

    @Test func truncatedLastEventDeliversWhatCameBeforeAndNamesTheLine() throws {
        let cast = #"{"version": 2, "width": 80, "height": 24}"# + "\n"
            + #"[0.1, "o", "first"]"# + "\n"
            + #"[0.2, "o", "partial"#
        let decoded = try decode(cast)
        #expect(decoded.timeline == [output("first", at: 0.1), output("partial", at: 0.2)])
        let error = try #require(decoded.error)
        #expect(error.line == 3)
        #expect(error.description.contains("line 3"))
        #expect(error.description.contains("end of the file inside a string"))
    }

    @Test func brokenEventStopsAtItsLine() throws {
        let cast = #"{"version": 2, "width": 80, "height": 24}"# + "\n"
            + #"[0.1, "o", "ok"]"# + "\n"
            + #"[0.2, "o" "missing comma"]"# + "\n"
            + #"[0.3, "o", "never reached"]"# + "\n"
        let decoded = try decode(cast)
        #expect(decoded.timeline == [output("ok", at: 0.1)])
        let error = try #require(decoded.error)
        #expect(error.line == 3)
        #expect(error.reason == "expected ',' after the event code, found '\"'")
    }

    @Test(arguments: [
        (#"[1, "r", "80by24"]"#, "is not COLSxROWS"),
        (#"[1, "o", "a\qb"]"#, "invalid escape"),
        (#"[1, "o", "\u12G4"]"#, "not a hex digit"),
        (#"[1, "o", "x"] trailing"#, "expected the end of the line"),
        (#"[-1, "o", "x"]"#, "negative event time"),
        (#"[1.2.3, "o", "x"]"#, "malformed number"),
        (#"{"not": "an event"}"#, "expected an event"),
    ])
    func malformedEventsAreReported(line: String, reason: String) throws {
        let decoded = try decode(#"{"version": 2, "width": 80, "height": 24}"# + "\n" + line + "\n")
        let error = try #require(decoded.error)
        #expect(error.line == 2)
        #expect(error.reason.contains(reason), "\(error)")
    }

    @Test func unsupportedVersionIsRefused() throws {
        let file = try RecordingFile(#"{"version": 1, "width": 80, "height": 24, "stdout": []}"#)
        #expect {
            _ = try makeRecordingDecoder(format: nil, fileDescriptor: file.descriptor, timingPath: nil)
        } throws: { error in
            (error as? ImportError)?.reason.contains("version 1 is not supported") == true
        }
    }

    @Test func twentyMegabyteOutputEventStreamsInChunks() throws {
        // One event whose data mixes plain runs with escapes, 20 MB decoded.
        let piece = "plain text \\u00e9\\r\\n\\\"quoted\\\" \\ud83d\\ude00 "
        let decodedPiece = Array("plain text é\r\n\"quoted\" 😀 ".utf8)
        let repeats = 20_000_000 / decodedPiece.count
        var file = Array((#"{"version": 2, "width": 80, "height": 24}"# + "\n" + #"[0.5, "o", ""#).utf8)
        let encodedPiece = Array(piece.utf8)
        file.reserveCapacity(file.count + repeats * encodedPiece.count + 64)
        for _ in 0..<repeats { file.append(contentsOf: encodedPiece) }
        file.append(contentsOf: Array("\"]\n[1.5, \"o\", \"end\"]\n".utf8))

        let recording = try RecordingFile(file)
        let decoded = try decode(descriptor: recording.descriptor)
        #expect(decoded.error == nil)
        #expect(decoded.events.count > 300)
        let largest = decoded.events.map { event -> Int in
            if case .output(let bytes, _) = event { return bytes.count }
            return 0
        }.max() ?? 0
        #expect(largest <= 64 * 1024 + 4)
        let timeline = decoded.timeline
        #expect(timeline.count == 2)
        var expected: [UInt8] = []
        expected.reserveCapacity(repeats * decodedPiece.count)
        for _ in 0..<repeats { expected.append(contentsOf: decodedPiece) }
        #expect(timeline.first == .output(expected, time: 0.5))
        #expect(timeline.last == output("end", at: 1.5))
    }
}
