import MCP
import TimeText

/// A tool call's arguments, read by type. A wrong type, a value out of range or an argument the
/// tool does not take is an `invalidParams` error naming it: a misspelt `sesion` silently ignored
/// would answer a different question than the one asked.
struct ToolArguments: Sendable {
    let tool: String
    let values: [String: Value]

    /// Refuses names the tool does not take.
    func expectOnly(_ names: [String]) throws {
        let unknown = values.keys.filter { !names.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let takes = names.isEmpty ? "no arguments" : names.joined(separator: ", ")
            throw ToolFailure.badArgument("\(tool) has no argument \(unknown.map { "'\($0)'" }.joined(separator: ", ")); it takes \(takes)")
        }
    }

    private func present(_ name: String) -> Value? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    func string(_ name: String) throws -> String? {
        guard let value = present(name) else { return nil }
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: throw ToolFailure.badArgument("\(name) must be a string")
        }
    }

    func requiredString(_ name: String) throws -> String {
        guard let text = try string(name), !text.isEmpty else {
            throw ToolFailure.badArgument("\(tool) needs \(name)")
        }
        return text
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = present(name) else { return nil }
        let number: Int?
        switch value {
        case .int(let n): number = n
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: number = Int(d)
        case .string(let text): number = Int(text)
        default: number = nil
        }
        guard let number else { throw ToolFailure.badArgument("\(name) must be an integer, not \(Self.describe(value))") }
        guard range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw ToolFailure.badArgument("\(name) must be \(bounds), not \(number)")
        }
        return number
    }

    func requiredInteger(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        guard let number = try integer(name, in: range) else { throw ToolFailure.badArgument("\(tool) needs \(name)") }
        return number
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = present(name) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw ToolFailure.badArgument("\(name) must be true or false, not \(Self.describe(value))")
        }
    }

    /// One of `choices`.
    func choice(_ name: String, of choices: [String]) throws -> String? {
        guard let text = try string(name) else { return nil }
        guard choices.contains(text) else {
            throw ToolFailure.badArgument("\(name) must be one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    /// A time as the CLI's --since takes it (2h, 3d, 2026-11-20, ISO 8601), in ms since the epoch.
    func time(_ name: String) throws -> Int64? {
        guard let text = try string(name) else { return nil }
        guard let time = parseTime(text) else {
            throw ToolFailure.badArgument("\(name) '\(text)' is not a time: use 2h, 3d, 2026-11-20 or ISO 8601 (2026-11-20T14:30:00Z)")
        }
        return time
    }

    private static func describe(_ value: Value) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .int(let n): String(n)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .array: "an array"
        case .object: "an object"
        case .null: "null"
        case .data: "data"
        }
    }
}
