import Support
import CPTY
import Glibc

extension ChildProcess {
    /// Starts `command` without a terminal: it inherits our standard input and writes to
    /// `standardOutput` and `standardError` (the write ends of pipes, say), which the caller
    /// still owns and should close once this returns. The child stays in our process group, so
    /// a ^C at the terminal reaches it directly. `masterFileDescriptor` is -1.
    ///
    /// - Throws: `SystemError` with call "execvp" when the command cannot be executed
    ///   (`shellExitCode` 127 or 126), "fork" when no process could be made.
    public static func spawn(
        _ command: [String],
        environment: [String]? = nil,
        standardOutput: Int32,
        standardError: Int32
    ) throws(SystemError) -> ChildProcess {
        guard let file = command.first else {
            throw SystemError(call: "execvp", errno: ENOENT, subject: "cannot run an empty command")
        }
        var child = cpty_child()
        let result = CStringArray.withArgv(command, environment: environment) { argv, envp in
            cpty_spawn_piped(file, argv, envp, standardOutput, standardError, &child)
        }
        if result != 0 {
            throw SystemError(call: "fork", errno: Glibc.errno, subject: "cannot start '\(file)'")
        }
        if child.exec_errno != 0 {
            throw SystemError(call: "execvp", errno: child.exec_errno, subject: "cannot run '\(file)'")
        }
        return ChildProcess(pid: child.pid, master: -1)
    }
}
