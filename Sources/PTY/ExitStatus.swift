import CPTY

/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// It called exit(code).
    case exited(code: Int32)
    /// It was killed by `signal`.
    case signaled(signal: Int32)

    /// The status as a shell reports it in `$?`: the exit code, or 128 + N for signal N.
    /// `scrollvault run` exits with this so scripts see the wrapped command's result.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }

    /// Decodes a waitpid() status word (only exited/signaled states are ever passed here).
    init(waitStatus: Int32) {
        if cpty_wifsignaled(waitStatus) != 0 {
            self = .signaled(signal: cpty_wtermsig(waitStatus))
        } else {
            self = .exited(code: cpty_wexitstatus(waitStatus))
        }
    }
}
