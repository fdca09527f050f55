import Archive
import Glibc

/// The body of `scrollvault index --background`: brings the index up to date in small
/// low-priority slices, and gets out of the way.
///
/// It stops as soon as a session is recording (that writer indexes in its own idle time), when
/// another catch-up already works on the same archive (two `run`s ending together would
/// otherwise index the same chunks twice, racing for the write lock), and when the archive file
/// it opened is deleted or replaced (measured: a catch-up kept indexing a deleted 256 MiB
/// archive for tens of seconds, taking a core from the next session).
public enum BackgroundCatchUp {
    /// Not SCHED_IDLE: starved while holding the write lock, it would stall the next session's
    /// writer (measured: a 256 MiB burst ran 2.7x slower).
    static let niceness: Int32 = 10
    static let chunksPerSlice = 8

    /// Returns false when it did nothing because the archive is gone or another catch-up has it.
    @discardableResult
    public static func run(path: String) throws(ArchiveError) -> Bool {
        // The identity is taken before opening, so a file swapped in between is noticed.
        guard let identity = FileIdentity(path: path), let claim = claim(identity) else { return false }
        defer { withExtendedLifetime(claim) {} }
        let archive = try Archive(path: path, mode: .readWrite)
        defer { archive.close() }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        while FileIdentity(path: path) == identity, try !archive.hasLiveRecording(),
              try archive.indexPending(maxChunks: chunksPerSlice) > 0 {}
        return true
    }

    /// Claims the archive: a socket bound to an abstract name made from the file's identity,
    /// held until the claim is dropped. The kernel releases it when the process ends, however
    /// it ends, so no lock file is ever left behind. Nil when someone else holds it.
    static func claim(_ identity: FileIdentity) -> Claim? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return Claim(descriptor: -1) }  // cannot tell: index anyway
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let name = Array("scrollvault-index-\(identity.device)-\(identity.inode)".utf8)
        let fits = withUnsafeMutableBytes(of: &address.sun_path) { path -> Bool in
            guard name.count + 1 <= path.count else { return false }
            path[0] = 0  // abstract namespace: no file
            path.baseAddress!.advanced(by: 1).copyMemory(from: name, byteCount: name.count)
            return true
        }
        guard fits else { close(fd); return Claim(descriptor: -1) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + 1 + name.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        if bound == 0 { return Claim(descriptor: fd) }
        let reason = errno
        close(fd)
        return reason == EADDRINUSE ? nil : Claim(descriptor: -1)
    }

    /// A held claim; dropping it releases the name.
    final class Claim {
        private let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }
        deinit { if descriptor >= 0 { close(descriptor) } }
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
