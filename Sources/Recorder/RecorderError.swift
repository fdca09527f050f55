/// A failure of `run` or `import` that ends the command, said in one line.
public struct RecorderError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The exit status the CLI should use (2: the CLI's status for an error).
    public var exitCode: Int32

    public init(_ description: String, exitCode: Int32 = 2) {
        self.description = description
        self.exitCode = exitCode
    }
}
