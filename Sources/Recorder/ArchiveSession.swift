import Archive
import Glibc
import Support
import Synchronization

/// A session's place in the archive: its row in `sessions` and the writer its lines go to.
///
/// The writer reports failures (disk full, locked, read-only) from its own thread; the first
/// one is kept and announced once through `warn`, and the recording goes on without the
/// archive ever stopping it.
final class ArchiveSession: Sendable {
    let id: Int64
    let path: String
    let writer: ArchiveWriter
    private let archive: Mutex<Archive?>
    private let firstFailure = FailureLatch()
    private let warn: @Sendable (String) -> Void

    init(path: String, info: SessionInfo, options: ArchiveWriter.Options = .init(),
         warn: @escaping @Sendable (String) -> Void) throws(ArchiveError) {
        warnIfOthersCanRead(path, warn: warn)
        // A background catch-up holding the write lock would make the session (and the child
        // it wraps) wait for its slice: it yields at once instead.
        BackgroundCatchUp.askToStop(path: path)
        let archive = try Archive(path: path, mode: .readWrite)
        _ = try? archive.markInterruptedSessions()
        let id = try archive.beginSession(info)
        self.id = id
        self.path = path
        self.warn = warn
        let failure = firstFailure
        writer = try ArchiveWriter(path: path, session: id, options: options) { error in
            if failure.keepIfFirst(error) {
                warn("the archive is failing (\(error)); the session goes on, the writer keeps retrying, and lines are dropped only if it keeps failing")
            }
        }
        self.archive = Mutex(archive)
    }

    var failure: ArchiveError? { firstFailure.value }

    /// Records that archiving paused or resumed (`RecordingPipeline.onArchivingPaused`), on the
    /// session's own connection: it is rare, and the span must exist even if the recorder is
    /// killed before it ends. A failure is announced once, as the writer's are.
    func recordPause(_ paused: Bool, at time: Int64) {
        archive.withLock { archive in
            do throws(ArchiveError) {
                try archive?.recordPause(session: id, paused: paused, at: time)
            } catch {
                if firstFailure.keepIfFirst(error) { warn("could not record that archiving \(paused ? "paused" : "resumed"): \(error)") }
            }
        }
    }

    /// Records how the session ended (at `endedAt`, else now). Failures are returned, not
    /// thrown: the caller decides whether they matter (they do for import, they must not for run).
    func finish(state: SessionState, exitStatus: Int32?, title: String?,
                endedAt: Int64? = nil, durationKnown: Bool = true) -> ArchiveError? {
        writer.finish()
        return archive.withLock { archive -> ArchiveError? in
            guard let db = archive else { return nil }
            defer { db.close(); archive = nil }
            do throws(ArchiveError) {
                try db.finishSession(id, state: state, exitStatus: exitStatus, endedAt: endedAt ?? Clock.nowMilliseconds(),
                                     title: title, durationKnown: durationKnown)
                return nil
            } catch {
                return error
            }
        }
    }
}

/// An archive this program did not create may be readable by others; terminal output holds
/// secrets, so say so (once per session) rather than change the user's file behind their back.
private func warnIfOthersCanRead(_ path: String, warn: (String) -> Void) {
    var info = stat()
    // Only a file: for a directory or a device the open fails next, and says why.
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 else { return }
    let mode = String(info.st_mode & 0o777, radix: 8)
    warn("the archive \(path) can be read by other users (mode 0\(mode)); terminal output holds secrets: chmod 600 \(path)")
}

/// This machine's host name, for the session row.
func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Keeps the first error reported from any thread.
final class FailureLatch: Sendable {
    private let stored = Mutex<ArchiveError?>(nil)

    /// True when `error` is the first one.
    func keepIfFirst(_ error: ArchiveError) -> Bool {
        stored.withLock { stored in
            guard stored == nil else { return false }
            stored = error
            return true
        }
    }

    var value: ArchiveError? { stored.withLock { $0 } }
}
