import Glibc

/// Reads JSON text from an `ImportInput` token by token, so that one JSON string of any
/// length can be decoded in bounded pieces (a 20 MB asciicast output event never sits in
/// memory whole). Keeps the line number for error messages.
///
/// Hand-written rather than JSONSerialization: JSONSerialization needs the whole line in
/// memory and builds Foundation objects per event, which is both unbounded and slow.
struct ImportJSONScanner {
    static let maximumDepth = 64

    let input: ImportInput
    /// 1-based line of the next unread byte.
    private(set) var line = 1
    /// A high surrogate from `\uD8xx` waiting for its low half.
    private var pendingHighSurrogate: UInt16?

    init(input: ImportInput) {
        self.input = input
    }

    func error(_ reason: String) -> ImportError {
        ImportError(source: input.source, line: line, byteOffset: input.offset, reason: reason)
    }

    /// "'x'", "byte 0x07" or "the end of the file", for messages about what was found.
    static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte == 0x0A { return "the end of the line" }
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    // MARK: Whitespace and punctuation

    /// Skips spaces, tabs and carriage returns (not line ends); returns the next byte.
    @inline(__always)
    mutating func skipSpaces() throws(ImportError) -> UInt8? {
        while let byte = try input.peek() {
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return byte }
            input.advance()
        }
        return nil
    }

    /// Skips all JSON whitespace, counting line ends; returns the next byte.
    mutating func skipWhitespace() throws(ImportError) -> UInt8? {
        while let byte = try input.peek() {
            if byte == 0x0A {
                line += 1
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                return byte
            }
            input.advance()
        }
        return nil
    }

    /// Consumes `byte` after optional spaces, or throws saying what was expected instead.
    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(ImportError) {
        let found = try skipSpaces()
        guard found == byte else {
            throw error("expected \(what()), found \(Self.describe(found))")
        }
        input.advance()
    }

    /// Consumes the rest of the line, which must be blank.
    mutating func endOfLine(after what: String) throws(ImportError) {
        let found = try skipSpaces()
        if found == nil { return }
        guard found == 0x0A else {
            throw error("expected the end of the line after \(what), found \(Self.describe(found))")
        }
        input.advance()
        line += 1
    }

    /// Consumes everything up to and including the next line end.
    mutating func skipLine() throws(ImportError) {
        while let byte = try input.peek() {
            input.advance()
            if byte == 0x0A {
                line += 1
                return
            }
        }
    }

    // MARK: Numbers

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A JSON number. Plain decimals with up to 15 significant digits (every asciicast time)
    /// are computed exactly without strtod; anything else goes through strtod.
    mutating func number() throws(ImportError) -> Double {
        _ = try skipSpaces()
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0)  // 64 bytes, the last one stays NUL
        var length = 0
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = true
        var negative = false
        try withUnsafeMutableBytes(of: &text) { buffer throws(ImportError) in
            while let byte = try input.peek() {
                let isDigit = byte >= 0x30 && byte <= 0x39
                guard isDigit || byte == 0x2D || byte == 0x2B || byte == 0x2E
                        || byte == 0x65 || byte == 0x45 else { break }
                guard length < buffer.count - 1 else { throw error("number longer than 63 characters") }
                buffer[length] = byte
                length += 1
                input.advance()
                if isDigit {
                    mantissa = mantissa &* 10 &+ Int64(byte - 0x30)
                    digits += 1
                    if seenPoint { fractionDigits += 1 }
                } else if byte == 0x2E && !seenPoint && digits > 0 {
                    seenPoint = true
                } else if byte == 0x2D && length == 1 {
                    negative = true
                } else {
                    simple = false
                }
            }
        }
        guard length > 0 else { throw error("expected a number, found \(Self.describe(try input.peek()))") }
        if simple && digits > 0 && digits <= 15 && fractionDigits <= 22
            && !(seenPoint && fractionDigits == 0) {
            let magnitude = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        return try withUnsafeBytes(of: &text) { buffer throws(ImportError) -> Double in
            let start = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            guard let end, end - UnsafeMutablePointer(mutating: start) == length,
                  buffer[0] != 0x2B, value.isFinite else {
                let shown = String(decoding: buffer[0..<length], as: UTF8.self)
                throw error("malformed number '\(shown)'")
            }
            return value
        }
    }

    // MARK: Strings

    /// Decodes string content (the opening quote already consumed) into `out` until about
    /// `limit` bytes are there or the string ends. Returns true when the closing quote was
    /// consumed. Handles every JSON escape, \uXXXX surrogate pairs included; a lone surrogate
    /// becomes U+FFFD. A raw line end inside a string is an error (it means a broken line).
    mutating func stringContent(into out: inout [UInt8], limit: Int) throws(ImportError) -> Bool {
        while out.count < limit {
            let room = limit - out.count
            let stop: UInt8? = try input.withAvailableBytes { bytes throws(ImportError) -> (consumed: Int, result: UInt8?) in
                guard !bytes.isEmpty else {
                    throw error("unexpected end of the file inside a string (truncated recording?)")
                }
                let scanEnd = min(bytes.count, room)
                var index = 0
                while index < scanEnd {
                    let byte = bytes[index]
                    if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                    index += 1
                }
                if index > 0 {
                    if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
                    out.append(contentsOf: bytes[0..<index])
                }
                return (index, index < scanEnd ? bytes[index] : nil)
            }
            guard let stop else { continue }  // room used up or block exhausted
            switch stop {
            case 0x22:
                input.advance()
                if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
                return true
            case 0x5C:
                input.advance()
                try escape(into: &out)
            case 0x0A:
                throw error("line break inside a string (broken or truncated line?)")
            default:
                // Other raw control characters are invalid JSON but harmless; keep them.
                input.advance()
                if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
                out.append(stop)
            }
        }
        return false
    }

    /// Decodes string content in bounded pieces and drops it.
    mutating func skipStringContent() throws(ImportError) {
        var scratch: [UInt8] = []
        while try !stringContent(into: &scratch, limit: ImportInput.blockSize) {
            scratch.removeAll(keepingCapacity: true)
        }
    }

    /// A whole string (after its opening quote) of at most `limit` bytes.
    mutating func shortString(limit: Int, what: String) throws(ImportError) -> [UInt8] {
        var bytes: [UInt8] = []
        guard try stringContent(into: &bytes, limit: limit + 1), bytes.count <= limit else {
            throw error("\(what) longer than \(limit) bytes")
        }
        return bytes
    }

    private mutating func nextByteInString() throws(ImportError) -> UInt8 {
        guard let byte = try input.peek() else {
            throw error("unexpected end of the file inside a string (truncated recording?)")
        }
        input.advance()
        return byte
    }

    private mutating func escape(into out: inout [UInt8]) throws(ImportError) {
        let letter = try nextByteInString()
        if letter == UInt8(ascii: "u") {
            try unicodeEscape(into: &out)
            return
        }
        if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(letter)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        default: throw error("invalid escape '\\\(Self.describe(letter))' in a string")
        }
    }

    private mutating func unicodeEscape(into out: inout [UInt8]) throws(ImportError) {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = try nextByteInString()
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw error("invalid \\u escape: \(Self.describe(byte)) is not a hex digit")
            }
            unit = unit << 4 | UInt16(digit)
        }
        switch unit {
        case 0xD800...0xDBFF:
            if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
            pendingHighSurrogate = unit
        case 0xDC00...0xDFFF:
            if let high = pendingHighSurrogate {
                pendingHighSurrogate = nil
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                appendUTF8(Unicode.Scalar(scalar)!, to: &out)
            } else {
                appendUTF8("\u{FFFD}", to: &out)
            }
        default:
            if pendingHighSurrogate != nil { flushPendingSurrogate(into: &out) }
            appendUTF8(Unicode.Scalar(unit)!, to: &out)
        }
    }

    /// A high surrogate not followed by a low one stands for nothing: U+FFFD.
    private mutating func flushPendingSurrogate(into out: inout [UInt8]) {
        pendingHighSurrogate = nil
        appendUTF8("\u{FFFD}", to: &out)
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    // MARK: Whole values

    /// Parses one value into memory (for the header line; strings capped at 1 MiB).
    mutating func value(depth: Int = 0) throws(ImportError) -> ImportJSONValue {
        guard depth < Self.maximumDepth else { throw error("JSON nested deeper than \(Self.maximumDepth)") }
        let byte = try skipWhitespace()
        switch byte {
        case UInt8(ascii: "{"):
            input.advance()
            var members: [(key: String, value: ImportJSONValue)] = []
            if try skipWhitespace() == UInt8(ascii: "}") {
                input.advance()
                return .object(members)
            }
            while true {
                guard try skipWhitespace() == UInt8(ascii: "\"") else {
                    throw error("expected a member name, found \(Self.describe(try input.peek()))")
                }
                input.advance()
                let key = String(decoding: try shortString(limit: 1 << 20, what: "member name"), as: UTF8.self)
                _ = try skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                members.append((key, try value(depth: depth + 1)))
                let next = try nextStructural(inside: "an object")
                if next == UInt8(ascii: "}") { return .object(members) }
                guard next == UInt8(ascii: ",") else {
                    throw error("expected ',' or '}' in an object, found \(Self.describe(next))")
                }
            }
        case UInt8(ascii: "["):
            input.advance()
            var elements: [ImportJSONValue] = []
            if try skipWhitespace() == UInt8(ascii: "]") {
                input.advance()
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                let next = try nextStructural(inside: "an array")
                if next == UInt8(ascii: "]") { return .array(elements) }
                guard next == UInt8(ascii: ",") else {
                    throw error("expected ',' or ']' in an array, found \(Self.describe(next))")
                }
            }
        case UInt8(ascii: "\""):
            input.advance()
            return .string(String(decoding: try shortString(limit: 1 << 20, what: "string"), as: UTF8.self))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return .number(try number())
        }
    }

    /// Skips one value of any size without keeping it.
    mutating func skipValue(depth: Int = 0) throws(ImportError) {
        guard depth < Self.maximumDepth else { throw error("JSON nested deeper than \(Self.maximumDepth)") }
        let byte = try skipWhitespace()
        switch byte {
        case UInt8(ascii: "\""):
            input.advance()
            try skipStringContent()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let isArray = byte == UInt8(ascii: "[")
            let close = isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")
            input.advance()
            if try skipWhitespace() == close {
                input.advance()
                return
            }
            while true {
                if !isArray {
                    guard try skipWhitespace() == UInt8(ascii: "\"") else {
                        throw error("expected a member name, found \(Self.describe(try input.peek()))")
                    }
                    input.advance()
                    try skipStringContent()
                    _ = try skipWhitespace()
                    try expect(UInt8(ascii: ":"), "':' after a member name")
                }
                try skipValue(depth: depth + 1)
                let next = try nextStructural(inside: isArray ? "an array" : "an object")
                if next == close { return }
                guard next == UInt8(ascii: ",") else {
                    throw error("expected ',' or '\(Character(Unicode.Scalar(close)))', found \(Self.describe(next))")
                }
            }
        default:
            _ = try value(depth: depth)
        }
    }

    /// Consumes the byte after a member or element (',' or the closing bracket).
    private mutating func nextStructural(inside what: String) throws(ImportError) -> UInt8 {
        guard let next = try skipWhitespace() else {
            throw error("unexpected end of the file inside \(what) (truncated recording?)")
        }
        input.advance()
        return next
    }

    private mutating func literal(_ word: String) throws(ImportError) {
        for expected in word.utf8 {
            let byte = try input.peek()
            guard byte == expected else {
                throw error("expected '\(word)', found \(Self.describe(byte))")
            }
            input.advance()
        }
    }
}
