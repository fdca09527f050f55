import Archive
import Glibc
import Support
import Synchronization

/// The body of `scrollvault index --background`: brings the index up to date in small
/// low-priority slices, and gets out of the way.
///
/// Before each slice it waits while other work keeps the machine busy (`CatchUpPatience`).
/// It stops as soon as a session is recording (that writer indexes in its own idle time), when
/// another catch-up already works on the same archive (two would index the same chunks twice,
/// racing for the write lock), and when the archive file it opened is deleted or replaced (its
/// work would be lost and would take a core from the next session).
///
/// A session about to start does not wait for the slice in hand: it asks the catch-up to stop
/// (`askToStop`), which interrupts the slice (its transaction rolls back; it is redone later),
/// since every moment of that wait delays the child. Measurements: docs/decisions.md.
public enum BackgroundCatchUp {
    /// Not SCHED_IDLE: starved while holding the write lock, it would stall the next session's
    /// writer.
    static let niceness: Int32 = 10
    /// As many chunks per transaction as the writer's own slices: FTS5 writes a segment per
    /// commit and merges them later, so smaller slices were slower. Slices need not be small to
    /// get out of a starting session's way: it interrupts the one in hand.
    static let chunksPerSlice = 32

    /// Returns false when it did nothing because the archive is gone or another catch-up has it.
    /// `patience` says when it holds back for other work.
    @discardableResult
    public static func run(path: String, patience: CatchUpPatience = .standard) throws(ArchiveError) -> Bool {
        // The identity is taken before opening, so a file swapped in between is noticed.
        guard let identity = FileIdentity(path: path), let claim = claim(identity) else { return false }
        let archive = try Archive(path: path, mode: .readWrite)
        let stopRequests = StopRequestListener(claim: claim, archive: archive)
        defer {
            stopRequests.end()
            archive.close()
        }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        var quiet = QuietWait(patience)
        do throws(ArchiveError) {
            while true {
                quiet.untilQuiet { stopRequests.requested }
                guard !stopRequests.requested, FileIdentity(path: path) == identity, try !archive.hasLiveRecording(),
                      try archive.indexPending(maxChunks: chunksPerSlice) > 0 else { break }
            }
        } catch {
            // Interrupted for a starting session: the slice rolled back, nothing is lost.
            guard stopRequests.requested else { throw error }
        }
        return true
    }

    /// Tells the catch-up working on the archive at `path`, if there is one, to stop now, and
    /// returns whether one was told. It does not wait: the caller's next write waits (busy
    /// timeout) only for the rollback.
    @discardableResult
    public static func askToStop(path: String) -> Bool {
        guard let identity = FileIdentity(path: path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // ECONNREFUSED when nobody holds the claim: nothing to stop.
        return withClaimAddress(identity) { address, length in connect(fd, address, length) } == 0
    }

    /// Claims the archive: a socket bound to an abstract name made from the file's identity,
    /// held until the claim is dropped, and listening for `askToStop`. The kernel releases it
    /// when the process ends, however it ends, so no lock file is ever left behind. Nil when
    /// someone else holds it.
    static func claim(_ identity: FileIdentity) -> Claim? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return Claim(descriptor: -1) }  // cannot tell: index anyway
        guard let bound = withClaimAddress(identity, { address, length in bind(fd, address, length) }) else {
            close(fd)
            return Claim(descriptor: -1)
        }
        if bound == 0 {
            // Should listen fail, the claim still holds; the catch-up just cannot be asked to stop.
            _ = listen(fd, 8)
            return Claim(descriptor: fd)
        }
        let reason = errno
        close(fd)
        return reason == EADDRINUSE ? nil : Claim(descriptor: -1)
    }

    /// Calls `body` with the claim's abstract socket address for `identity`; nil when the name
    /// does not fit (it always does: two integers and a prefix).
    private static func withClaimAddress(_ identity: FileIdentity,
                                         _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let name = Array("scrollvault-index-\(identity.device)-\(identity.inode)".utf8)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { path -> Bool in
            guard name.count + 1 <= path.count else { return false }
            path[0] = 0  // abstract namespace: no file
            path.baseAddress!.advanced(by: 1).copyMemory(from: name, byteCount: name.count)
            return true
        }
        guard fits else { return nil }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + 1 + name.count)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// A held claim; dropping it releases the name.
    final class Claim: Sendable {
        let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }
        deinit { if descriptor >= 0 { close(descriptor) } }
    }
}

/// Waits on the claim's socket for a starting session's `askToStop`, on a thread of its own,
/// and interrupts the catch-up's archive when one comes.
private final class StopRequestListener: @unchecked Sendable {
    private let claim: BackgroundCatchUp.Claim
    private let flag = Atomic<Bool>(false)
    /// Nil when there is no socket to listen on or no thread could be started.
    private var thread: JoinableThread?

    /// True once a session asked the catch-up to stop.
    var requested: Bool { flag.load(ordering: .acquiring) }

    init(claim: BackgroundCatchUp.Claim, archive: Archive) {
        self.claim = claim
        guard claim.descriptor >= 0 else { return }
        let listener = claim.descriptor
        let box = UncheckedBox(archive)  // sqlite3_interrupt may be called from any thread
        thread = try? JoinableThread { [self] in
            // Returns for a connection, or with EINVAL once `end()` shuts the socket down.
            let connection = accept(listener, nil, nil)
            if connection >= 0 {
                close(connection)
                flag.store(true, ordering: .releasing)
                box.value.interrupt()
            }
        }
    }

    /// Stops listening and waits for the thread, so no interrupt reaches a closed archive.
    func end() {
        if claim.descriptor >= 0 { shutdown(claim.descriptor, Int32(SHUT_RDWR)) }
        thread?.join()
    }
}

/// Which file a path names: it changes when the file is deleted and another takes its name.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
