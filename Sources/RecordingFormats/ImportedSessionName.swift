/// The name an imported recording gets when `--name` is not given: the file's base name
/// without its extension (`demo` for demo.cast), so `export demo` works without looking up an
/// id. The archive appends `-2`, `-3`… when it is taken.
public enum ImportedSessionName {
    /// Nil when nothing usable is left (a name of spaces), so the session stays unnamed; a
    /// name that starts with its only dot (`.bashrc`) has no extension.
    /// A stem of digits only would read as a session id, so it keeps its extension
    /// (`2024.cast`), or becomes `import-2024` when it has none.
    public static func stem(forFile path: String) -> String? {
        let base = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        var stem = base
        if let dot = base.lastIndex(of: "."), dot != base.startIndex {
            stem = String(base[..<dot])
        }
        stem = String(stem.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        if stem.isEmpty { return nil }
        if isDigitsOnly(stem) {
            return isDigitsOnly(base) ? "import-\(base)" : base
        }
        return stem
    }

    private static func isDigitsOnly(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}
