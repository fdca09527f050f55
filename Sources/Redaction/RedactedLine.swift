/// A line after redaction: its new text, and where each secret was and where its marker is
/// now, so that whatever points into the line (style runs) can follow.
public struct RedactedLine: Sendable, Equatable {
    public struct Replacement: Sendable, Equatable {
        /// The secret's bytes in the original line.
        public var original: Range<Int>
        /// The marker's bytes in `text`.
        public var marker: Range<Int>
        public var kind: RedactionKind
    }

    public var text: [UInt8]
    /// Left to right, not overlapping.
    public var replacements: [Replacement]

    public var string: String { String(decoding: text, as: UTF8.self) }

    /// Where byte offset `offset` of the original line is in `text`. A position inside a
    /// secret maps to the end of its marker.
    public func position(of offset: Int) -> Int {
        var shift = 0
        for r in replacements {
            if offset <= r.original.lowerBound { return offset + shift }
            if offset <= r.original.upperBound { return r.marker.upperBound }
            shift = r.marker.upperBound - r.original.upperBound
        }
        return offset + shift
    }

    /// A style run of the original line (UTF-8 offset and length) moved onto `text`, or nil
    /// when it lay wholly inside a secret. The mapping is monotonic, so runs stay in order and
    /// apart; a marker takes the style of its secret's first byte (a run that covered that byte
    /// now covers the marker, one that began inside the secret begins after it).
    public func styleRun(start: Int, length: Int) -> (start: Int, length: Int)? {
        let newStart = position(of: start), newEnd = position(of: start + length)
        return newEnd > newStart ? (newStart, newEnd - newStart) : nil
    }
}
