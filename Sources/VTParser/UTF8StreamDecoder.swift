/// A streaming UTF-8 decoder: bytes arrive one at a time, a sequence may be split anywhere
/// between calls, and invalid input becomes U+FFFD following the Unicode/WHATWG "maximal
/// subpart" practice: each maximal prefix of a valid sequence that cannot be completed becomes
/// one U+FFFD, and the byte that broke it is decoded afresh.
public struct UTF8StreamDecoder: Sendable {
    /// `decode` results that are not scalar values.
    public static let needMore: UInt32 = 0xFFFF_FFFF
    /// The pending sequence was cut short: emit U+FFFD, then decode the same byte again.
    public static let replacementThenReprocess: UInt32 = 0xFFFF_FFFE

    @usableFromInline var partial: UInt32 = 0
    /// Continuation bytes still expected; 0 when idle.
    @usableFromInline var remaining: UInt8 = 0
    /// Bounds of the next continuation byte; the second byte of E0, ED, F0, F4 is narrower.
    @usableFromInline var lower: UInt8 = 0x80
    @usableFromInline var upper: UInt8 = 0xBF

    public init() {}

    /// True while a multi-byte sequence is incomplete.
    @inlinable public var isPending: Bool { remaining != 0 }

    /// Feeds one byte. Returns a scalar value (U+FFFD for a byte that can never start or
    /// continue a sequence), `needMore`, or `replacementThenReprocess`.
    @inlinable
    public mutating func decode(_ byte: UInt8) -> UInt32 {
        if remaining == 0 {
            if byte < 0x80 { return UInt32(byte) }
            return start(byte)
        }
        guard byte >= lower && byte <= upper else {
            remaining = 0
            lower = 0x80
            upper = 0xBF
            return Self.replacementThenReprocess
        }
        partial = partial << 6 | UInt32(byte & 0x3F)
        remaining &-= 1
        lower = 0x80
        upper = 0xBF
        return remaining == 0 ? partial : Self.needMore
    }

    @inlinable
    mutating func start(_ byte: UInt8) -> UInt32 {
        switch byte {
        case 0xC2...0xDF:
            partial = UInt32(byte & 0x1F)
            remaining = 1
        case 0xE0...0xEF:
            partial = UInt32(byte & 0x0F)
            remaining = 2
            if byte == 0xE0 { lower = 0xA0 }  // no overlong forms
            if byte == 0xED { upper = 0x9F }  // no surrogates
        case 0xF0...0xF4:
            partial = UInt32(byte & 0x07)
            remaining = 3
            if byte == 0xF0 { lower = 0x90 }  // no overlong forms
            if byte == 0xF4 { upper = 0x8F }  // nothing above U+10FFFF
        default:  // 0x80...0xC1 and 0xF5...0xFF never start a sequence
            return 0xFFFD
        }
        return Self.needMore
    }

    /// Ends the stream: an incomplete sequence becomes one U+FFFD (returned), else nil.
    @inlinable
    public mutating func finish() -> Unicode.Scalar? {
        guard remaining != 0 else { return nil }
        remaining = 0
        lower = 0x80
        upper = 0xBF
        return "\u{FFFD}"
    }

    /// Decodes a buffer, calling `emit` per scalar; the state carries over to the next call.
    @inlinable
    public mutating func decode(_ bytes: some Sequence<UInt8>, _ emit: (Unicode.Scalar) -> Void) {
        for byte in bytes {
            var result = decode(byte)
            if result == Self.replacementThenReprocess {
                emit("\u{FFFD}")
                result = decode(byte)
            }
            if result != Self.needMore {
                emit(Unicode.Scalar(result).unsafelyUnwrapped)
            }
        }
    }
}
