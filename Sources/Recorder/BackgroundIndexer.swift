import Archive
import Glibc

/// Starts `scrollvault index` detached, when a session left chunks the index has not reached.
///
/// `run` hands the prompt back at once after a burst (indexing 256 MiB of output takes tens of
/// seconds), yet a search right after it should not have to scan the whole unindexed tail
/// (measured: 1 s instead of 11 ms for a rare token on 1.5M lines). So the index catches up in
/// a low-priority process of its own session, with no terminal; searches stay complete
/// meanwhile, because they scan whatever is not indexed yet.
public enum BackgroundIndexer {
    /// glibc's POSIX_SPAWN_SETSID (2.26+); spawn.h hides it from Swift without _GNU_SOURCE.
    private static let spawnSetSessionID: Int32 = 0x80

    /// Spawns `executable index --db PATH --background` if the archive has a backlog. Never
    /// fails the caller: a failure to start only means the next writer catches up instead.
    public static func startIfNeeded(executable: String, databasePath: String) {
        guard let archive = try? Archive(path: databasePath, mode: .readOnly) else { return }
        let backlog = (try? archive.hasIndexBacklog()) ?? false
        archive.close()
        guard backlog else { return }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own session (no terminal, no SIGHUP when the user's terminal closes) and default
        // signal handling (the recorder blocks several signals).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(spawnSetSessionID | POSIX_SPAWN_SETSIGMASK))

        let arguments = ["scrollvault", "index", "--db", databasePath, "--background"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        _ = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
    }
}
