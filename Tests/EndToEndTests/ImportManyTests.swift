import Foundation
import Testing

/// Issue 25: several files, or a directory of them, in one import: a session each, named after
/// its file; one broken file does not stop the others.
@Suite struct ImportManyTests {
    @Test func aDirectoryAndAFileBecomeASessionEach() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("casts"), withIntermediateDirectories: true)
        _ = try sandbox.write("casts/one.cast", "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\", \"first recording\\r\\n\"]\n")
        _ = try sandbox.write("casts/two.cast", "{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.2, \"o\", \"second recording\\r\\n\"]\n")
        _ = try sandbox.write("casts/.hidden", "not imported\n")
        let notes = try sandbox.write("notes.txt", "third file\n")
        let result = try sandbox.scrollvault("import", sandbox.path("casts"), notes)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines == ["1", "2", "3"], "\(result)")
        let names = try sandbox.sessions().map { $0["name"] as? String }
        #expect(names == ["one", "two", "notes"])
        #expect(try sandbox.scrollvault("export", "two").lines == ["second recording"])
        #expect(try sandbox.scrollvault("search", "not imported").status == 1)
    }

    @Test func aBrokenFileFailsAloneAndTheRestIsImported() throws {
        let sandbox = try Sandbox()
        let good = try sandbox.write("good.txt", "good line\n")
        let result = try sandbox.scrollvault("import", sandbox.path("missing.cast"), good)
        #expect(result.status == 2, "\(result)")
        #expect(result.lines == ["1"], "\(result)")
        #expect(result.err.contains("missing.cast"), "\(result.err)")
        #expect(try sandbox.scrollvault("export", "good").lines == ["good line"])
    }

    @Test func nameGoesWithOneFile() throws {
        let sandbox = try Sandbox()
        let a = try sandbox.write("a.txt", "a\n"), b = try sandbox.write("b.txt", "b\n")
        let result = try sandbox.scrollvault("import", "--name", "both", a, b)
        #expect(result.status == 2 && result.err.contains("--name"), "\(result)")
    }
}
