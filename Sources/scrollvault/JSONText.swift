/// One JSON object built field by field into a single line, for the commands' `--json` output
/// (one object per line, so `export` and `search` stream a line at a time whatever the size).
///
/// Keys come out in the order written and strings are escaped per RFC 8259 straight into the
/// line, so each object is one buffer with no string per field; the output is the same bytes
/// the hand-written objects produced (the end-to-end tests pin the formats). Not
/// FoundationEssentials' JSONEncoder: it escapes `/`, formats numbers its own way and would
/// need a Codable type per object for the same bytes.
struct JSONObject {
    private(set) var text: String
    private var empty = true

    init(capacity: Int = 128) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    /// A string field, `null` when `value` is nil.
    mutating func field(_ key: StaticString, _ value: String?) {
        startField(key)
        if let value { appendJSONString(value, to: &text) } else { text += "null" }
    }

    /// A number field, `null` when `value` is nil.
    mutating func field<Number: BinaryInteger>(_ key: StaticString, _ value: Number?) {
        startField(key)
        if let value { text += String(value) } else { text += "null" }
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        startField(key)
        text += value ? "true" : "false"
    }

    /// A field whose value is JSON already (an array, a nested object, a formatted number).
    mutating func field(_ key: StaticString, json value: String) {
        startField(key)
        text += value
    }

    /// The object, closed.
    func closed() -> String { text + "}" }

    private mutating func startField(_ key: StaticString) {
        if !empty { text += "," }
        empty = false
        text += "\""
        text += key.description
        text += "\":"
    }
}

/// A JSON array of the already formatted `elements`.
func jsonArray(_ elements: some Sequence<String>) -> String {
    "[" + elements.joined(separator: ",") + "]"
}

/// Appends `text` as a JSON string literal: quotes, backslashes and control characters
/// (U+0000-U+001F and DEL) escaped, everything else as it is.
func appendJSONString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    out += "\""
}
