import CSupport
import Glibc

/// A failed system call: which call, the errno it left, and optionally what it was about.
///
/// Carrying the call's name and errno (rather than a bare optional or a Bool) lets the CLI
/// print one precise line — "cannot run 'foo': No such file or directory" or
/// "poll: Bad file descriptor (errno 9)" — and lets callers branch on `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The system call (or libc function) that failed, e.g. "read", "execvp".
    public var call: String
    /// The errno value it reported.
    public var errno: Int32
    /// What the call was doing, in the user's words, e.g. "cannot run 'foo'". Optional.
    public var subject: String?

    public init(call: String, errno: Int32, subject: String? = nil) {
        self.call = call
        self.errno = errno
        self.subject = subject
    }

    /// strerror(errno), e.g. "No such file or directory".
    public var reason: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            String(cString: csupport_describe_errno(errno, buffer.baseAddress!, buffer.count))
        }
    }

    public var description: String {
        if let subject { return "\(subject): \(reason)" }
        return "\(call): \(reason) (errno \(errno))"
    }

    /// True when this is the failure to exec the command (see `ChildProcess.spawn`).
    public var isExecFailure: Bool { call == "execvp" }

    /// The exit code a shell uses for this failure: 127 when the command was not found,
    /// 126 when it was found but could not be executed, 1 for any other failure.
    public var shellExitCode: Int32 {
        guard isExecFailure else { return 1 }
        return errno == ENOENT ? 127 : 126
    }
}
