import OwnedMemory

/// One line's style runs, encoded as a chunk stores them (start, length and the SGR text's
/// length as varints, then the SGR bytes), in a buffer owned here and reused from line to line.
///
/// A producer that keeps each style's SGR bytes (the recorder caches them by style) fills it
/// without making a String or an array element per run: on emoji/SGR text the `StyleRun`
/// values built per line, each holding a String, cost a retain, a release and an array
/// destroy per run, about a quarter of handing a line over.
public final class EncodedStyleRuns {
    private var storage = OwnedBuffer<UInt8>(repeating: 0, count: 1024)
    /// Bytes written, and runs.
    public private(set) var byteCount = 0
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    /// Forgets the runs, keeping the memory.
    public func removeAll() {
        byteCount = 0
        count = 0
    }

    /// Adds a run of `length` UTF-8 bytes at `start` in the line, styled by the SGR parameters
    /// `sgr` (e.g. "1;38;5;196").
    public func append(start: Int, length: Int, sgr: UnsafeBufferPointer<UInt8>) {
        let needed = byteCount + Self.maximumHeaderLength + sgr.count
        if needed > storage.count { grow(toHold: needed) }
        let p = storage.baseAddress + byteCount
        let n = Self.writeHeader(start: start, length: length, sgrCount: sgr.count, to: p)
        if let source = sgr.baseAddress, sgr.count > 0 { (p + n).update(from: source, count: sgr.count) }
        byteCount += n + sgr.count
        count += 1
    }

    /// The most bytes `writeHeader` writes.
    static let maximumHeaderLength = 3 * Varint.maximumLength

    /// Writes the numbers that precede a run's SGR bytes (its start, its length and the SGR
    /// text's length, as varints) at `p`; returns the bytes written. The one place the chunk
    /// format's run encoding is spelled out on the way in.
    static func writeHeader(start: Int, length: Int, sgrCount: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = Varint.write(UInt64(UInt32(truncatingIfNeeded: start)), to: p)
        n += Varint.write(UInt64(UInt32(truncatingIfNeeded: length)), to: p + n)
        n += Varint.write(UInt64(sgrCount), to: p + n)
        return n
    }

    /// The encoded runs, valid inside `body` only.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: storage.baseAddress, count: byteCount))
    }

    @inline(never) private func grow(toHold needed: Int) {
        storage.grow(toAtLeast: needed, filler: 0)
    }
}
