import OwnedMemory

/// Where the output thread reads the child's output into.
///
/// The recorder lends space in its own ring, so each byte is copied once, by the kernel's
/// `read`, instead of into the pump's buffer and then again into the ring (a 64 KiB memcpy per
/// read was a quarter of the output thread's time in a burst). Only the output thread calls
/// these, one `reserveSpace` then one `commit` at a time.
public protocol OutputDestination: AnyObject, Sendable {
    /// Space for the next read, at most `maximum` bytes and at least one, waiting while there
    /// is none. Nil when the destination takes no more output: the pump then reads into a
    /// buffer of its own and only shows the bytes.
    func reserveSpace(upTo maximum: Int) -> UnsafeMutableRawBufferPointer?
    /// The first `count` bytes of the space last reserved hold output, already written to the
    /// user's terminal. `count` may be 0 (the read found nothing).
    func commit(_ count: Int)
}

/// A destination that hands each chunk to a closure from a buffer it owns (tests, and callers
/// that only want to look at the output).
final class CallbackDestination: OutputDestination, @unchecked Sendable {
    private let memory: OwnedBuffer<UInt8>
    private var buffer: UnsafeMutableRawBufferPointer { memory.rawBytes }
    private let onOutput: @Sendable (UnsafeRawBufferPointer) -> Void

    init(capacity: Int, onOutput: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        memory = OwnedBuffer(uninitializedCount: capacity, alignment: 16)
        self.onOutput = onOutput
    }

    func reserveSpace(upTo maximum: Int) -> UnsafeMutableRawBufferPointer? {
        UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(maximum, buffer.count)])
    }

    func commit(_ count: Int) {
        if count > 0 { onOutput(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
    }
}
