/// Which of a program's output streams a line came from. A terminal merges them, so lines
/// recorded by `run` or `import` are all `.output`; `exec` reads stdout and stderr from
/// separate pipes and keeps them apart.
public enum LineStream: UInt8, Sendable {
    case output = 0
    case error = 1
}

/// The byte a chunk stores per line: the shell-integration mark in the low two bits, the
/// stream above it. The bits above are zero in every archive written so far, so older lines
/// read as `.output`.
public enum StoredLineMark {
    public static let semanticMask: UInt8 = 0b11
    public static let standardErrorBit: UInt8 = 0b100

    static func byte(mark: UInt8, stream: LineStream) -> UInt8 {
        (mark & semanticMask) | (stream == .error ? standardErrorBit : 0)
    }
}
