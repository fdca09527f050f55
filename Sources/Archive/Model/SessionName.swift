/// What a session may be called, and how a SESSION argument names one.
///
/// A SESSION argument of digits means an id, so a name made of digits would be shadowed by (or
/// shadow) an id: `forget 10` once deleted session id 10 when the user meant the session named
/// "10". New names therefore may not look like ids; names that old archives already hold stay
/// reachable with the `name:` prefix (and an id with `id:`).
public enum SessionName {
    /// `name:10` is the session named "10", never session id 10.
    public static let namePrefix = "name:"
    /// `id:10` is session id 10, never a session named "10".
    public static let idPrefix = "id:"

    /// Why `name` cannot name a new session, in words for the user; nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "a session name cannot be empty" }
        if name.allSatisfy(\.isWhitespace) { return "a session name cannot be only spaces" }
        if name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || Int64(name) != nil {
            return "'\(name)' would be taken for a session id: a name needs something besides digits, e.g. run-\(name) (a session an older version named \(name) is reached as name:\(name))"
        }
        for prefix in [namePrefix, idPrefix] where name.hasPrefix(prefix) {
            return "a session name cannot start with '\(prefix)', which marks \(prefix == namePrefix ? "a name" : "an id") in a SESSION argument"
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "a session name cannot contain control characters (newlines, tabs, escapes)"
        }
        return nil
    }
}
