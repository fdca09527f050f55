/// LEB128 variable-length integers, the chunk format's only number encoding.
enum Varint {
    @inlinable
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { scratch in
            let p = scratch.baseAddress!
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: write(value, to: p)))
        }
    }

    @inlinable
    static func appendSigned(_ value: Int64, to bytes: inout [UInt8]) {
        append(zigzag(value), to: &bytes)
    }

    @inlinable
    static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    /// The longest encoding: 64 bits in 7-bit groups.
    static let maximumLength = 10

    /// Writes `value` at `p` (room for `maximumLength` bytes); returns the bytes written. For
    /// building a record in scratch memory and appending it to an array in one copy.
    @inlinable
    static func write(_ value: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var v = value
        var n = 0
        while v >= 0x80 {
            p[n] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            n += 1
        }
        p[n] = UInt8(v)
        return n + 1
    }
}

/// Reads varints from a byte buffer; any overrun makes `failed` true instead of trapping, so a
/// damaged chunk turns into an error rather than a crash.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    var failed = false

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    @inline(__always)
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { failed = true; return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    @inline(__always)
    mutating func varint() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { failed = true; return 0 }
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func signedVarint() -> Int64 {
        let raw = varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func int() -> Int {
        let v = varint()
        guard v <= UInt64(Int32.max) else { failed = true; return 0 }
        return Int(v)
    }

    mutating func skip(_ n: Int) {
        guard n >= 0, offset + n <= bytes.count else { failed = true; return }
        offset += n
    }
}
