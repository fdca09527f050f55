import Support
import Glibc

/// Writes all of `bytes` to `fileDescriptor`, riding out EINTR, partial writes and EAGAIN (a
/// descriptor someone else set non-blocking: wait until it takes more).
func writeFully(_ bytes: UnsafeRawBufferPointer, to fileDescriptor: Int32) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
        do {
            offset += try systemCall("write") {
                write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
        } catch {
            guard error.errno == EAGAIN else { throw error }
            var fd = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
            _ = try? systemCall("poll") { poll(&fd, 1, -1) }
        }
    }
}
