/// One control sequence (CSI, or the header of a DCS) as the parser collected it.
///
/// Parameters live inline (no heap allocation per sequence). A value saturates at 65535.
/// Colon-separated sub-parameters (`38:2::255:0:0`, `4:3`) are ordinary parameters flagged by
/// `isSubparameter`, so `38:2::255:0:0` has count 6 and parameters 1...5 are sub-parameters.
public struct CSISequence: Sendable {
    /// The most parameters kept; more set `hasOverflowed` and are dropped.
    public static let maxParameters = 24

    public var final: UInt8
    /// '?', '>', '=', '<' or 0.
    public var privateMarker: UInt8
    /// Up to 2 intermediate bytes packed (first in the low byte), 0 if none.
    public var intermediates: UInt16
    /// Number of parameters: an empty one counts ("1;;3" has 3), "" has 0.
    public var count: Int
    /// More than `maxParameters` parameters arrived; the extra ones were dropped.
    public var hasOverflowed: Bool

    @usableFromInline var values: InlineArray<24, UInt16>
    /// Bit i set: parameter i was empty.
    @usableFromInline var emptyMask: UInt32
    /// Bit i set: parameter i followed a ':'.
    @usableFromInline var subparameterMask: UInt32

    @inlinable
    public init() {
        final = 0
        privateMarker = 0
        intermediates = 0
        count = 0
        hasOverflowed = false
        values = InlineArray(repeating: 0)
        emptyMask = 0
        subparameterMask = 0
    }

    /// Parameter `i`, or `d` when it is missing or empty. 0 stays 0: callers apply
    /// "0 means 1" themselves where the sequence says so.
    @inlinable @inline(__always)
    public func param(_ i: Int, default d: Int) -> Int {
        guard i >= 0, i < count, emptyMask & (1 << UInt32(i)) == 0 else { return d }
        return Int(values[unchecked: i])
    }

    /// True when parameter `i` was preceded by ':' (a sub-parameter of the previous one).
    @inlinable
    public func isSubparameter(_ i: Int) -> Bool {
        guard i >= 0, i < count else { return false }
        return subparameterMask & (1 << UInt32(i)) != 0
    }

    /// True when some parameter followed a ':' (most sequences have none).
    @inlinable public var hasSubparameters: Bool { subparameterMask != 0 }

    /// True when parameter `i` exists but had no digits.
    @inlinable
    public func isEmpty(_ i: Int) -> Bool {
        guard i >= 0, i < count else { return true }
        return emptyMask & (1 << UInt32(i)) != 0
    }

    /// Empties the sequence for reuse; parameter storage is overwritten before it is read.
    @inlinable
    mutating func reset() {
        final = 0
        privateMarker = 0
        intermediates = 0
        count = 0
        hasOverflowed = false
        emptyMask = 0
        subparameterMask = 0
    }

    /// Appends a finished parameter; beyond `maxParameters` it only records the overflow.
    @inlinable
    mutating func append(_ value: UInt16, empty: Bool, subparameter: Bool) {
        guard count < Self.maxParameters else {
            hasOverflowed = true
            return
        }
        values[count] = value
        let bit: UInt32 = 1 << UInt32(count)
        if empty { emptyMask |= bit }
        if subparameter { subparameterMask |= bit }
        count += 1
    }
}

extension CSISequence: CustomStringConvertible {
    /// The sequence as it would be written after "ESC [", for logs and test failures.
    public var description: String {
        var text = ""
        if privateMarker != 0 { text.unicodeScalars.append(Unicode.Scalar(privateMarker)) }
        for i in 0..<count {
            if i > 0 { text += isSubparameter(i) ? ":" : ";" }
            if !isEmpty(i) { text += String(values[i]) }
        }
        var packed = intermediates
        while packed != 0 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(packed & 0xFF)))
            packed >>= 8
        }
        text.unicodeScalars.append(Unicode.Scalar(final))
        if hasOverflowed { text += " (overflowed)" }
        return text
    }
}
