import Foundation

/// Where the `scrollvault` executable under test lives, and the repository around it.
///
/// The test bundle is built into the same directory as the executable (`.build/debug/` or
/// `.build/<triple>/debug/`), so the executable is looked for next to the running test binary
/// first, then in the repository's default build directory found from this source file.
enum BuiltBinary {
    /// `<repo>/`, from this file's path: `<repo>/Tests/EndToEndTests/Support/BuiltBinary.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let path: String = {
        if let forced = ProcessInfo.processInfo.environment["SCROLLVAULT_E2E_BINARY"] { return forced }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        // The runner may be `….xctest` itself or a file inside a bundle directory: walk up a little.
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("scrollvault"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("scrollvault"))
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/scrollvault"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/scrollvault").path
    }()

    /// `../shared/conformance/render_tmux.sh` beside the repository, when it exists and tmux is
    /// installed; nil otherwise (the tmux comparison is then skipped).
    static let tmuxRenderer: String? = {
        let script = repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/render_tmux.sh").path
        guard FileManager.default.isExecutableFile(atPath: script) else { return nil }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let hasTmux = searchPath.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
        }
        return hasTmux ? script : nil
    }()
}
