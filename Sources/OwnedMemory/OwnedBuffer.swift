/// Memory for `count` elements of a plain type, owned by one value and freed when it goes.
///
/// The per-cell and per-byte paths (the grid, the line assembler, the writer's encoders) keep
/// their storage in raw memory rather than arrays, whose bounds, uniqueness and retain checks
/// were measurable there. This type keeps that speed and makes ownership a rule of the type:
/// it cannot be copied, so exactly one owner frees the allocation, once, in `deinit`. Elements
/// are `BitwiseCopyable`, so memory is never left to deinitialise. Indices are not checked in
/// release builds (as with a pointer); debug builds check them.
@frozen
public struct OwnedBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline var start: UnsafeMutablePointer<Element>
    @usableFromInline var storedCount: Int
    /// The allocation's alignment in bytes, kept when the buffer is resized.
    @usableFromInline let alignment: Int

    /// How many elements the buffer holds (all initialised).
    @inlinable
    public var count: Int { storedCount }

    /// `count` copies of `value` (at least one element is allocated, so the memory is never
    /// empty), aligned to `alignment` bytes (at least the element's own, e.g. 64 for a cache line).
    @inlinable
    public init(repeating value: Element, count: Int, alignment: Int = MemoryLayout<Element>.alignment) {
        let capacity = Swift.max(count, 1)
        self.alignment = Swift.max(alignment, MemoryLayout<Element>.alignment)
        start = Self.allocate(capacity: capacity, alignment: self.alignment)
        start.initialize(repeating: value, count: capacity)
        storedCount = count
    }

    /// `count` elements left as the allocator gives them, for memory that is always written
    /// before it is read (a ring, a read buffer): pages never written are never touched, so they
    /// add nothing to the resident size.
    @inlinable
    public init(uninitializedCount count: Int, alignment: Int = MemoryLayout<Element>.alignment) {
        self.alignment = Swift.max(alignment, MemoryLayout<Element>.alignment)
        start = Self.allocate(capacity: Swift.max(count, 1), alignment: self.alignment)
        storedCount = count
    }

    deinit { start.deallocate() }

    @inlinable
    static func allocate(capacity: Int, alignment: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride, alignment: alignment)
            .bindMemory(to: Element.self, capacity: capacity)
    }

    @inlinable
    public subscript(index: Int) -> Element {
        @inline(__always) get {
            assert(index >= 0 && index < Swift.max(count, 1), "index \(index) of \(count)")
            return start[index]
        }
        @inline(__always) nonmutating set {
            assert(index >= 0 && index < Swift.max(count, 1), "index \(index) of \(count)")
            start[index] = newValue
        }
    }

    /// The first element's address, valid until the buffer is resized or freed. For the owner's
    /// own bulk operations (memset, memmove, runs of cells) within `count` elements.
    @inlinable
    public var baseAddress: UnsafeMutablePointer<Element> {
        @inline(__always) get { start }
    }

    /// The elements' bytes, valid until the buffer is resized or freed (for byte buffers read
    /// and written in slices).
    @inlinable
    public var rawBytes: UnsafeMutableRawBufferPointer {
        @inline(__always) get { UnsafeMutableRawBufferPointer(start: start, count: count * MemoryLayout<Element>.stride) }
    }

    /// Lends the elements as a buffer.
    @inlinable @inline(__always)
    public func withUnsafeMutableBufferPointer<Result, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> Result
    ) throws(E) -> Result {
        try body(UnsafeMutableBufferPointer(start: start, count: count))
    }

    /// Makes room for `newCount` elements, keeping the first `min(keeping, newCount)`; the rest
    /// are `filler`.
    @inlinable
    public mutating func resize(to newCount: Int, keeping: Int, filler: Element) {
        let capacity = Swift.max(newCount, 1)
        let kept = Swift.min(Swift.max(keeping, 0), Swift.min(count, newCount))
        let new = Self.allocate(capacity: capacity, alignment: alignment)
        new.initialize(from: start, count: kept)
        (new + kept).initialize(repeating: filler, count: capacity - kept)
        start.deallocate()
        start = new
        storedCount = newCount
    }

    /// Makes room for at least `minimumCount` elements, keeping every element and doubling the
    /// count so that appending one at a time costs amortised constant time.
    @inlinable
    public mutating func grow(toAtLeast minimumCount: Int, filler: Element) {
        guard minimumCount > count else { return }
        resize(to: Swift.max(minimumCount, count * 2), keeping: count, filler: filler)
    }
}
