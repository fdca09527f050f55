import Archive
import Foundation
@testable import Recorder
import RecordingFormats
import Testing

/// Issue 28: an imported file is named after itself, uniquely; `--name` wins; stdin stays unnamed.
@Suite struct ImportedSessionNameTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sv-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func takenNamesGetANumericSuffix() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cast = dir.appendingPathComponent("demo.cast")
        try Data((#"{"version": 2, "width": 20, "height": 5}"# + "\n" + #"[0.5, "o", "hi\r\n"]"# + "\n").utf8).write(to: cast)
        let database = dir.appendingPathComponent("a.db").path
        var names: [String?] = []
        for _ in 0..<3 {
            names.append(try Importer.run(Importer.Request(source: cast.path, databasePath: database)).name)
        }
        #expect(names == ["demo", "demo-2", "demo-3"])
        var named = Importer.Request(source: cast.path, databasePath: database)
        named.name = "chosen"
        #expect(try Importer.run(named).name == "chosen")
        let archive = try Archive(path: database, mode: .readOnly)
        #expect(try archive.sessions().map(\.name) == ["demo", "demo-2", "demo-3", "chosen"])
        #expect(try archive.sessions().allSatisfy { $0.source == .import })
    }

    @Test func aPipeStaysUnnamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("demo.cast").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            _ = "piped\n".withCString { write(fd, $0, 6) }
            close(fd)
        }
        writer.start()
        let outcome = try Importer.run(Importer.Request(source: fifo, databasePath: dir.appendingPathComponent("a.db").path))
        #expect(outcome.name == nil)
        #expect(outcome.lines == 1)
    }
}
