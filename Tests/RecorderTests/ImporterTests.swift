import Archive
import Foundation
import Recorder
import Testing

/// The import path end to end inside the process: bytes → emulator → archive → export.
@Suite struct ImporterTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sv-importer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func rawImportArchivesEveryLineIncludingTheFinalScreen() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.raw")
        var text = ""
        for i in 1...500 { text += "line \(i) \u{1B}[1;31mred\u{1B}[0m\r\n" }
        text += "progress 10%\rprogress 50%\rprogress 100%\r\n"
        text += "\u{1B}[?1049hfull screen app\u{1B}[?1049l"
        text += "last"
        try Data(text.utf8).write(to: input)
        var request = Importer.Request(source: input.path, databasePath: dir.appendingPathComponent("a.db").path)
        request.columns = 40
        request.rows = 10
        request.name = "t"
        let outcome = try Importer.run(request)
        #expect(outcome.stoppedEarly == nil)
        #expect(outcome.lines == 502)

        let archive = try Archive(path: request.databasePath, mode: .readOnly)
        var lines: [ExportedLine] = []
        try archive.export(session: outcome.session, lines: nil) { lines.append($0) }
        #expect(lines.count == 502)
        #expect(lines.first?.text == "line 1 red")
        #expect(lines.first?.styleRuns.first?.sgr == "1;31")
        #expect(lines[500].text == "progress 100%")
        #expect(lines.last?.text == "last")
        #expect(!lines.contains { $0.text.contains("full screen app") })
    }

    @Test func truncatedAsciicastImportsTheValidPartAndSaysWhere() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.cast")
        let cast = """
            {"version": 2, "width": 20, "height": 5, "timestamp": 1700000000}
            [0.5, "o", "hello\\r\\n"]
            [1.0, "o", "world\\r\\n"]
            [1.5, "o", "broken
            """
        try Data(cast.utf8).write(to: input)
        let request = Importer.Request(source: input.path, databasePath: dir.appendingPathComponent("a.db").path)
        let outcome = try Importer.run(request)
        #expect(outcome.stoppedEarly?.contains("line 4") == true, "\(outcome.stoppedEarly ?? "nil")")
        let archive = try Archive(path: request.databasePath, mode: .readOnly)
        var texts: [String] = []
        var times: [Int64] = []
        try archive.export(session: outcome.session, lines: nil) { texts.append($0.text); times.append($0.timestamp) }
        // The truncated event's text up to the cut is real output too: it is kept.
        #expect(texts == ["hello", "world", "broken"])
        #expect(times.first == 1_700_000_000_500)
    }
}
