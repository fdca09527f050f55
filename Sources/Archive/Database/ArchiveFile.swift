#if canImport(Glibc)
import Glibc
#endif

/// Creates the archive file and its directories with private permissions before SQLite sees
/// them: terminal output holds secrets (tokens, passwords typed at prompts, private keys).
///
/// SQLite creates `-wal` and `-shm` with the same mode as the main file, so a 0600 database
/// gives 0600 companions.
enum ArchiveFile {
    /// Makes every missing directory on the way to `path`'s parent with mode 0700, then creates
    /// the file itself (empty, mode 0600) if it does not exist. Existing files and directories
    /// keep their permissions: the user may have chosen them.
    static func prepare(path: String) throws(ArchiveError) {
        let parent = parentDirectory(of: path)
        try makeDirectories(parent)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            // fchmod: the umask may have removed bits, never add any, but be explicit anyway.
            _ = fchmod(fd, 0o600)
            close(fd)
        } else if errno != EEXIST {
            throw .io(call: "open", path: path, errno: errno)
        }
        try checkIsRegularFile(path)
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Refuses a path that is a directory, a device or a pipe: SQLite would fail on it with
    /// "disk I/O error" or "unable to open database file", which does not say what is wrong.
    static func checkIsRegularFile(_ path: String) throws(ArchiveError) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        let kind: String
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a directory"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFIFO: kind = "a named pipe"
        case S_IFSOCK: kind = "a socket"
        default: kind = "neither a file nor a directory"
        }
        throw .notAnArchiveFile(path: path, kind: kind)
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `mkdir -p` with 0700 for each directory it creates.
    static func makeDirectories(_ dir: String) throws(ArchiveError) {
        if dir.isEmpty || dir == "." || dir == "/" { return }
        var st = stat()
        if stat(dir, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw .io(call: "mkdir", path: dir, errno: ENOTDIR)
        }
        try makeDirectories(parentDirectory(of: dir))
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw .io(call: "mkdir", path: dir, errno: errno)
        }
        _ = chmod(dir, 0o700)
    }
}
