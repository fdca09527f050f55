extension CommandResult {
    /// The lines scrollvault said on stderr, less the one `run` prints when its command starts
    /// ("scrollvault: recording session …", issue 30): what went wrong, if anything.
    var warnings: [Substring] {
        err.split(separator: "\n").filter { $0.hasPrefix("scrollvault:") && !$0.hasPrefix("scrollvault: recording session ") }
    }
}
