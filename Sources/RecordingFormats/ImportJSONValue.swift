/// A parsed JSON value, for the small documents of an import (the asciicast header line).
/// Event lines are not parsed into values: `AsciicastDecoder` streams them.
indirect enum ImportJSONValue: Equatable {
    case object([(key: String, value: ImportJSONValue)])
    case array([ImportJSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    static func == (lhs: ImportJSONValue, rhs: ImportJSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The member `key` of an object (the last one, as most JSON readers do); nil otherwise.
    subscript(key: String) -> ImportJSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A number that is a whole, representable integer.
    var integer: Int? {
        guard let value = number, value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}
