/// "1 line", "2 lines", "0 sessions": a count with its noun, plural when it is not one.
func countOf(_ count: some BinaryInteger, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
