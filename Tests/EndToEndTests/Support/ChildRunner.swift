import Foundation
import Glibc

/// Starts a program with posix_spawn and waits for it with a deadline.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended from a descriptor the child
/// inherits, so a daemon started by the child (tmux's server, an orphaned `sleep`) keeps
/// `waitUntilExit` blocked forever. Here a thread blocks in `waitpid` for this one pid and
/// reports through a semaphore, which the caller waits on with a timeout.
enum ChildRunner {
    struct Spawned {
        let pid: pid_t
        private let exited: DispatchSemaphore
        private let statusBox: StatusBox

        fileprivate init(pid: pid_t) {
            self.pid = pid
            exited = DispatchSemaphore(value: 0)
            statusBox = StatusBox()
            let (exited, box) = (exited, statusBox)
            let waiter = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                box.status = status
                exited.signal()
            }
            waiter.start()
        }

        /// The raw wait status, or nil when the deadline passed first (the child is then killed
        /// and reaped before returning).
        func wait(timeout: Double) -> Int32? {
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                kill(pid, SIGKILL)
                exited.wait()
                return nil
            }
            return statusBox.status
        }
    }

    private final class StatusBox: @unchecked Sendable {
        var status: Int32 = 0
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        var program: String
        var code: Int32
        var description: String { "posix_spawn \(program): \(String(decoding: Array(UnsafeBufferPointer(start: strerror(code), count: strlen(strerror(code)))).map { UInt8(bitPattern: $0) }, as: UTF8.self))" }
    }

    /// Spawns `arguments` in `directory` with exactly `environment`, its standard descriptors
    /// taken from the given ones (which stay open here; the caller closes them).
    private typealias CloseFromAction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFromAction: CloseFromAction? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFromAction.self)
    }()

    static func spawn(_ arguments: [String], environment: [String: String],
                      stdin: Int32, stdout: Int32, stderr: Int32) throws -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of the test process leaks into the child (glibc 2.34+; the Glibc module
        // does not declare this GNU extension, hence the lookup).
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        // The test runs on a Dispatch worker thread, which blocks most signals; a child would
        // inherit that mask (tmux's panes then ignore the SIGHUP that should end them). Start
        // every child with nothing blocked and every signal at its default action.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var nothing = sigset_t(), everything = sigset_t()
        sigemptyset(&nothing)
        sigfillset(&everything)
        posix_spawnattr_setsigmask(&attributes, &nothing)
        posix_spawnattr_setsigdefault(&attributes, &everything)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        // ETXTBSY: a program a test has just written is still open for writing in a child that
        // another test is starting at this moment (it inherited the descriptor and drops it when
        // it execs). Nothing here can wait for that event, so try again for up to a second.
        var attempts = 0
        while code == ETXTBSY && attempts < 50 {
            usleep(20_000)
            attempts += 1
            code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        }
        guard code == 0 else { throw SpawnFailed(program: arguments[0], code: code) }
        return Spawned(pid: pid)
    }
}
