import Glibc
import OwnedMemory

/// A file or pipe read in 64 KiB blocks, with a small look-ahead window, for the import
/// decoders. Memory stays at one block whatever the input's size; nothing is ever read twice,
/// so it works on pipes (`scrollvault import -`).
///
/// The block is a buffer owned by this object and only touched through its methods or
/// `withAvailableBytes`. The decoders read `storage[start..<end]`, advance `start`, and call
/// `refill()` when they need more.
final class ImportInput {
    static let blockSize = 64 * 1024

    let fileDescriptor: Int32
    let source: String
    private let ownsDescriptor: Bool
    private let block = OwnedBuffer<UInt8>(uninitializedCount: ImportInput.blockSize, alignment: 16)
    /// The block's bytes.
    private var storage: UnsafeMutableRawBufferPointer { block.rawBytes }
    /// The unread bytes are `storage[start..<end]`.
    private(set) var start = 0
    private(set) var end = 0
    /// Bytes dropped from the front of `storage` by earlier compactions.
    private var discarded = 0
    private(set) var reachedEnd = false

    init(fileDescriptor: Int32, ownsDescriptor: Bool, source: String) {
        self.fileDescriptor = fileDescriptor
        self.ownsDescriptor = ownsDescriptor
        self.source = source
    }

    deinit {
        if ownsDescriptor { close(fileDescriptor) }
    }

    /// Offset in the input of the next unread byte.
    var offset: Int { discarded + start }

    var availableCount: Int { end - start }

    /// Reads more input after the unread bytes (moving them to the front first). Returns false
    /// at the end of input. Never drops unread bytes, so look-ahead is bounded by the block.
    @discardableResult
    func refill() throws(ImportError) -> Bool {
        if reachedEnd { return false }
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: unread)
            }
            discarded += start
            start = 0
            end = unread
        }
        precondition(end < storage.count, "look-ahead larger than one block")
        while true {
            let count = read(fileDescriptor, storage.baseAddress! + end, storage.count - end)
            if count > 0 {
                end += count
                return true
            }
            if count == 0 {
                reachedEnd = true
                return false
            }
            let code = errno
            if code == EINTR { continue }
            throw ImportError(
                source: source, byteOffset: discarded + end,
                reason: "read failed: \(String(cString: strerror(code))) (errno \(code))")
        }
    }

    /// The next byte without consuming it; nil at the end of input.
    @inline(__always)
    func peek() throws(ImportError) -> UInt8? {
        if start == end, try !refill() { return nil }
        return storage[start]
    }

    /// Consumes `count` bytes that have been looked at.
    @inline(__always)
    func advance(by count: Int = 1) {
        assert(start + count <= end)
        start += count
    }

    /// Runs `body` on the unread bytes (refilling first when there are none; empty at the end
    /// of input). `body` returns how many it consumed.
    func withAvailableBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws(ImportError) -> (consumed: Int, result: Result)
    ) throws(ImportError) -> Result {
        if start == end { try refill() }
        let view = UnsafeRawBufferPointer(rebasing: storage[start..<end])
        let (consumed, result) = try body(view)
        start += consumed
        return result
    }

    /// Takes up to `limit` unread bytes (reading a block when none are buffered); empty at the
    /// end of input.
    func take(upTo limit: Int) throws(ImportError) -> [UInt8] {
        try withAvailableBytes { bytes throws(ImportError) in
            let count = min(limit, bytes.count)
            return (count, Array(bytes[0..<count]))
        }
    }

    /// The first `limit` bytes (fewer at the end of input), without consuming them.
    func prefix(upTo limit: Int) throws(ImportError) -> [UInt8] {
        let wanted = min(limit, storage.count - 1)
        while availableCount < wanted, try refill() {}
        return Array(storage[start..<min(end, start + wanted)])
    }

    /// Consumes one line and returns it without its "\n" (nil at the end of input). A line
    /// longer than `limit` bytes is an error: used for timing files and header lines, whose
    /// lines are short.
    func readLine(limit: Int, lineNumber: Int) throws(ImportError) -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if start == end, try !refill() {
                return line.isEmpty ? nil : line
            }
            let finished = try withAvailableBytes { bytes throws(ImportError) -> (consumed: Int, result: Bool) in
                let newline = bytes.firstIndex(of: 0x0A)
                let stop = newline ?? bytes.count
                if line.count + stop > limit {
                    throw ImportError(
                        source: source, line: lineNumber, byteOffset: offset,
                        reason: "line longer than \(limit) bytes")
                }
                line.append(contentsOf: bytes[0..<stop])
                return newline == nil ? (stop, false) : (stop + 1, true)
            }
            if finished { return line }
        }
    }
}
