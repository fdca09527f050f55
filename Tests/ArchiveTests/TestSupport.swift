import Archive
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp for one test, removed by `cleanup()`.
struct TempDir {
    let path: String
    init() {
        var template = Array("/tmp/scrollvault-archive-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: made!)
    }
    var db: String { path + "/archive.sqlite" }
    func cleanup() {
        _ = system("rm -rf '\(path)'")
    }
}

/// Collects writer errors from the writer thread.
final class ErrorLog: Sendable {
    private let items = Mutex<[ArchiveError]>([])
    var onError: @Sendable (ArchiveError) -> Void { { [self] e in items.withLock { $0.append(e) } } }
    var errors: [ArchiveError] { items.withLock { $0 } }
}

/// Writes `lines` as a new session through an ArchiveWriter and returns the session id.
@discardableResult
func record(_ lines: [ArchiveLine], path: String, name: String? = nil, startedAt: Int64 = 1_700_000_000_000,
            options: ArchiveWriter.Options = .init()) throws -> Int64 {
    let archive = try Archive(path: path, mode: .readWrite)
    let id = try archive.beginSession(SessionInfo(name: name, command: "test", startedAt: startedAt))
    let log = ErrorLog()
    let writer = try ArchiveWriter(path: path, session: id, options: options, onError: log.onError)
    for line in lines { writer.append(line) }
    writer.finish()
    try archive.finishSession(id, state: .finished, exitStatus: 0, endedAt: startedAt + 1000, title: nil)
    precondition(log.errors.isEmpty, "writer errors: \(log.errors)")
    return id
}

func exportAll(_ archive: Archive, _ session: Int64) throws -> [ExportedLine] {
    var out: [ExportedLine] = []
    try archive.export(session: session, lines: nil) { out.append($0) }
    return out
}
