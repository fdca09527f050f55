import Foundation
import Glibc
import Testing

/// Issue 6.7: the archive is private, the wrapped command inherits no descriptor of ours, and
/// user input never reaches a shell.
@Suite struct SecurityTests {
    static func mode(_ path: String) -> mode_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o777 : nil
    }

    @Test func archiveIsPrivate() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("secret\r\n", name: "s")
        #expect(Self.mode(sandbox.archivePath) == 0o600)
        #expect(Self.mode((sandbox.archivePath as NSString).deletingLastPathComponent) == 0o700)
    }

    /// Known: an archive that already exists with looser permissions is used silently.
    @Test func looserExistingArchiveIsWarnedAbout() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("secret\r\n", name: "s")
        chmod(sandbox.archivePath, 0o644)
        let result = try sandbox.scrollvault("run", "--", "true")
        #expect(result.status == 0)
        #expect(result.err.contains("0644") || result.err.lowercased().contains("permission") || result.err.lowercased().contains("readable"),
                "\(result.err)")
    }

    /// The child sees its three standard descriptors and the one `ls` opens itself, nothing of
    /// scrollvault's (archive, WAL, pty master, pipes, pidfds).
    @Test func childInheritsNoDescriptors() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--", "ls", "-l", "/proc/self/fd")
        #expect(result.status == 0, "\(result)")
        let entries = result.lines.filter { $0.contains(" -> ") }
        let numbers = entries.compactMap { line -> Int? in
            let name = line.components(separatedBy: " -> ")[0].split(separator: " ").last
            return name.flatMap { Int($0) }
        }
        #expect(numbers.count == entries.count && !entries.isEmpty, "\(result.out)")
        #expect(numbers.filter { $0 > 3 }.isEmpty, "descriptors beyond 0-2 and ls's own: \(entries)")
        #expect(!entries.contains { $0.contains("archive") || $0.contains("pipe:") || $0.contains("anon_inode") || $0.contains("ptmx") },
                "\(entries)")
    }

    /// Names, queries and paths full of shell syntax are taken literally.
    @Test func noShellInterpolation() throws {
        let sandbox = try Sandbox()
        let marker = sandbox.path("pwned")
        let hostile = "$(touch \(marker))`touch \(marker)`;touch \(marker)"
        #expect(try sandbox.importRaw("text \(hostile)\r\n", name: hostile).status == 0)
        _ = try sandbox.scrollvault("search", hostile)
        _ = try sandbox.scrollvault("search", "--regex", hostile)
        _ = try sandbox.scrollvault("export", "--output", sandbox.path("out-$(touch \(marker))"), hostile)
        _ = try sandbox.scrollvault("run", "--name", hostile + "2", "--", "true")
        #expect(!FileManager.default.fileExists(atPath: marker), "a shell ran user input")
        #expect(try sandbox.session(named: hostile) != nil)
    }

    /// No `system`, `popen` or `sh -c` in the sources: the only program run is the user's command
    /// (or $SHELL), by execvp with an argument vector.
    @Test func sourcesNeverCallAShell() throws {
        let sources = BuiltBinary.repositoryRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        var offenders: [String] = []
        for case let file as String in enumerator where file.hasSuffix(".swift") || file.hasSuffix(".c") || file.hasSuffix(".h") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for pattern in ["system(", "popen(", "\"-c\"", "sh -c", "execl(\"/bin/sh\""] where text.contains(pattern) {
                offenders.append("\(file): \(pattern)")
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
