import Glibc

/// Messages for the user on standard error, written with write(2) and nothing in between: the
/// recorder prints from several threads, and a message must reach the terminal whole and at
/// once, whatever buffering the process has set up.
public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // nowhere to report a failing standard error
                }
            }
        }
    }
}
