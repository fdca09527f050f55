import Glibc
import Support

/// Runs one system call, retrying while it is interrupted by a signal (EINTR), and turns a
/// -1 result into a `SystemError` carrying `name` and errno.
///
/// Every syscall in this module goes through here so that EINTR handling and error shape are
/// decided once. Calls that legitimately return EAGAIN surface it as an error; callers that use
/// non-blocking descriptors check `error.errno == EAGAIN`.
@inlinable
@discardableResult
func systemCall<Result: FixedWidthInteger>(
    _ name: StaticString, _ body: () -> Result
) throws(SystemError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(call: name.description, errno: code)
    }
}
