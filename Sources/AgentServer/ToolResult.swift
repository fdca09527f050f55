import MCP

/// A tool's answer: text an agent reads, and the same facts as structured content. Both pass
/// through redaction as a whole, every string in the structure included, so no path (a command
/// line, a directory, a diff line) can carry a secret past it.
struct ToolResult {
    var text: String
    var structured: [String: Value]

    func redacted(by redact: (String) -> String) -> CallTool.Result {
        CallTool.Result(
            content: [.text(text: redact(text), annotations: nil, _meta: nil)],
            structuredContent: Optional.some(Self.redactingStrings(in: .object(structured), by: redact)))
    }

    static func redactingStrings(in value: Value, by redact: (String) -> String) -> Value {
        switch value {
        case .string(let text): .string(redact(text))
        case .array(let items): .array(items.map { redactingStrings(in: $0, by: redact) })
        case .object(let fields): .object(fields.mapValues { redactingStrings(in: $0, by: redact) })
        default: value
        }
    }
}

extension Value {
    /// `.null` for nil, so that absent facts are present as keys (an agent need not guess).
    init(_ text: String?) { self = text.map { .string($0) } ?? .null }
    init(_ number: Int64?) { self = number.map { .int(Int($0)) } ?? .null }
    init(_ number: Int32?) { self = number.map { .int(Int($0)) } ?? .null }
}
