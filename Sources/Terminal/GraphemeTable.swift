/// The extra scalars (after the first) of multi-scalar clusters, keyed by physical cell index:
/// the grid's replacement for a `[Int: [Unicode.Scalar]]`.
///
/// Emoji and CJK text store or drop a tail for nearly every printed cluster, and a dictionary
/// of arrays paid for hashing, retain/release and one array allocation per cluster there. This
/// is an open-addressed table (linear probing, a multiplicative hash, deletion by shifting
/// entries back so no tombstones pile up) whose slots hold short tails inline; a tail longer
/// than `inlineCapacity` moves to a side array. Semantics are a dictionary's: an entry may hold
/// an empty tail, and removing a missing key does nothing.
///
/// The slots are raw memory owned by this value: the owner (`Grid`) calls `deallocate()` once.
struct GraphemeTable {
    /// One slot: 8-byte key (`emptyKey` when free), 4-byte count, then the inline scalars (or,
    /// when `count > inlineCapacity`, the index of the tail in `overflow`).
    @usableFromInline static let slotBytes = 40
    static let keyOffset = 0
    static let countOffset = 8
    static let scalarsOffset = 12
    /// Scalars stored in the slot itself: enough for a ZWJ family (6) or a flag tag sequence.
    static let inlineCapacity = 7
    static let emptyKey = -1

    private var slots: UnsafeMutableRawPointer
    /// Slot count, a power of two.
    private var capacity: Int
    /// log2(capacity), for the hash's shift.
    private var capacityBits: Int
    private(set) var count = 0
    /// Tails longer than `inlineCapacity`, by the index stored in their slot; freed indices are
    /// reused through `freeOverflow`.
    private var overflow: [[Unicode.Scalar]] = []
    private var freeOverflow: [Int] = []

    init(minimumCapacity: Int = 64) {
        var bits = 4
        while 1 << bits < minimumCapacity { bits += 1 }
        capacityBits = bits
        capacity = 1 << bits
        slots = GraphemeTable.allocateSlots(capacity)
    }

    func deallocate() {
        slots.deallocate()
    }

    private static func allocateSlots(_ capacity: Int) -> UnsafeMutableRawPointer {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * slotBytes, alignment: 8)
        for slot in 0..<capacity {
            raw.storeBytes(of: emptyKey, toByteOffset: slot * slotBytes + keyOffset, as: Int.self)
        }
        return raw
    }

    // MARK: Slot access

    @inline(__always) private func home(_ key: Int) -> Int {
        // Fibonacci hashing: the top bits of the product spread neighbouring cells apart.
        let product = UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: product >> UInt64(64 - capacityBits))
    }

    @inline(__always) private func slot(_ index: Int) -> UnsafeMutableRawPointer {
        slots + index &* GraphemeTable.slotBytes
    }

    @inline(__always) private static func key(_ slot: UnsafeMutableRawPointer) -> Int {
        slot.load(fromByteOffset: keyOffset, as: Int.self)
    }

    @inline(__always) private static func tailCount(_ slot: UnsafeMutableRawPointer) -> Int {
        Int(slot.load(fromByteOffset: countOffset, as: UInt32.self))
    }

    @inline(__always) private static func scalars(_ slot: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt32> {
        (slot + scalarsOffset).assumingMemoryBound(to: UInt32.self)
    }

    /// The slot index holding `key`, or nil.
    @inline(__always) private func find(_ key: Int) -> Int? {
        let mask = capacity - 1
        var index = home(key)
        while true {
            let found = GraphemeTable.key(slot(index))
            if found == key { return index }
            if found == GraphemeTable.emptyKey { return nil }
            index = (index + 1) & mask
        }
    }

    // MARK: Reading

    /// True if `key` has an entry (possibly an empty tail).
    func contains(_ key: Int) -> Bool {
        count != 0 && find(key) != nil
    }

    /// The number of scalars in `key`'s tail, nil without an entry.
    func tailCount(_ key: Int) -> Int? {
        guard count != 0, let index = find(key) else { return nil }
        return GraphemeTable.tailCount(slot(index))
    }

    /// Where `key`'s tail is stored when it is inline (up to `inlineCapacity` scalars): the
    /// scalars' values and their count, valid until the table next changes. Nil without an
    /// entry or for a long tail (read those with `forEachScalar`).
    @inline(__always)
    func inlineTail(_ key: Int) -> (values: UnsafePointer<UInt32>, count: Int)? {
        guard count != 0, let index = find(key) else { return nil }
        let slot = self.slot(index)
        let n = GraphemeTable.tailCount(slot)
        guard n <= GraphemeTable.inlineCapacity else { return nil }
        return (UnsafePointer(GraphemeTable.scalars(slot)), n)
    }

    /// Calls `body` with each scalar of `key`'s tail (nothing without an entry). No allocation.
    @inline(__always)
    func forEachScalar(_ key: Int, _ body: (Unicode.Scalar) -> Void) {
        guard count != 0, let index = find(key) else { return }
        let slot = self.slot(index)
        let n = GraphemeTable.tailCount(slot)
        if n <= GraphemeTable.inlineCapacity {
            let scalars = GraphemeTable.scalars(slot)
            for i in 0..<n { body(Unicode.Scalar(scalars[i]).unsafelyUnwrapped) }
        } else {
            for scalar in overflow[Int(GraphemeTable.scalars(slot)[0])] { body(scalar) }
        }
    }

    /// `key`'s tail as an array, nil without an entry (the dictionary's subscript getter).
    subscript(key: Int) -> [Unicode.Scalar]? {
        guard count != 0, let index = find(key) else { return nil }
        var tail: [Unicode.Scalar] = []
        tail.reserveCapacity(GraphemeTable.tailCount(slot(index)))
        forEachScalar(key) { tail.append($0) }
        return tail
    }

    /// Every entry, in no particular order.
    func forEachEntry(_ body: (Int, [Unicode.Scalar]) -> Void) {
        for index in 0..<capacity {
            let key = GraphemeTable.key(slot(index))
            if key != GraphemeTable.emptyKey, let tail = self[key] { body(key, tail) }
        }
    }

    // MARK: Writing

    /// Stores `tail` for `key`, replacing any entry.
    mutating func set(_ key: Int, _ tail: [Unicode.Scalar]) {
        let index = findOrInsert(key)
        let slot = self.slot(index)
        releaseOverflow(slot)
        GraphemeTable.store(tail.count, in: slot)
        if tail.count <= GraphemeTable.inlineCapacity {
            let scalars = GraphemeTable.scalars(slot)
            for (i, scalar) in tail.enumerated() { scalars[i] = scalar.value }
        } else {
            GraphemeTable.scalars(slot)[0] = UInt32(allocateOverflow(tail))
        }
    }

    /// Appends `scalar` to `key`'s tail (creating the entry) unless the tail already holds
    /// `limit` scalars. Returns false when the limit stopped it.
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, to key: Int, limit: Int) -> Bool {
        let index = findOrInsert(key)  // may grow the table: find the slot afterwards
        let slot = self.slot(index)
        let n = GraphemeTable.tailCount(slot)
        guard n < limit else { return false }
        let scalars = GraphemeTable.scalars(slot)
        if n < GraphemeTable.inlineCapacity {
            scalars[n] = scalar.value
        } else if n == GraphemeTable.inlineCapacity {
            var tail = (0..<n).map { Unicode.Scalar(scalars[$0]).unsafelyUnwrapped }
            tail.append(scalar)
            scalars[0] = UInt32(allocateOverflow(tail))
        } else {
            overflow[Int(scalars[0])].append(scalar)
        }
        GraphemeTable.store(n + 1, in: slot)
        return true
    }

    /// Drops `key`'s entry, if any.
    @inline(__always)
    mutating func remove(_ key: Int) {
        guard count != 0, let index = find(key) else { return }
        removeSlot(index)
    }

    /// Drops every entry.
    mutating func removeAll() {
        for index in 0..<capacity {
            GraphemeTable.storeKey(GraphemeTable.emptyKey, in: slot(index))
        }
        count = 0
        overflow = []
        freeOverflow = []
    }

    @inline(__always) private static func store(_ count: Int, in slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: UInt32(count), toByteOffset: countOffset, as: UInt32.self)
    }

    @inline(__always) private static func storeKey(_ key: Int, in slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: key, toByteOffset: keyOffset, as: Int.self)
    }

    /// The slot of `key`, inserting an empty-tail entry when missing.
    @inline(__always)
    private mutating func findOrInsert(_ key: Int) -> Int {
        let mask = capacity - 1
        var index = home(key)
        while true {
            let found = GraphemeTable.key(slot(index))
            if found == key { return index }
            if found == GraphemeTable.emptyKey { break }
            index = (index + 1) & mask
        }
        if (count + 1) * 2 > capacity {
            grow()
            return findOrInsert(key)
        }
        let slot = self.slot(index)
        GraphemeTable.storeKey(key, in: slot)
        GraphemeTable.store(0, in: slot)
        count += 1
        return index
    }

    /// Empties slot `index`, then moves later entries of the probe run back so every entry
    /// stays reachable from its home slot without tombstones.
    private mutating func removeSlot(_ index: Int) {
        releaseOverflow(slot(index))
        let mask = capacity - 1
        var hole = index
        var next = (index + 1) & mask
        while true {
            let nextSlot = slot(next)
            let key = GraphemeTable.key(nextSlot)
            if key == GraphemeTable.emptyKey { break }
            let ideal = home(key)
            // The entry at `next` may fill the hole when its home is not in (hole, next].
            if (next &- ideal) & mask >= (next &- hole) & mask {
                slot(hole).copyMemory(from: nextSlot, byteCount: GraphemeTable.slotBytes)
                hole = next
            }
            next = (next + 1) & mask
        }
        GraphemeTable.storeKey(GraphemeTable.emptyKey, in: slot(hole))
        count -= 1
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldCapacity = capacity
        capacityBits += 1
        capacity = 1 << capacityBits
        slots = GraphemeTable.allocateSlots(capacity)
        let mask = capacity - 1
        for old in 0..<oldCapacity {
            let source = oldSlots + old * GraphemeTable.slotBytes
            let key = GraphemeTable.key(source)
            guard key != GraphemeTable.emptyKey else { continue }
            var index = home(key)
            while GraphemeTable.key(slot(index)) != GraphemeTable.emptyKey { index = (index + 1) & mask }
            slot(index).copyMemory(from: source, byteCount: GraphemeTable.slotBytes)
        }
        oldSlots.deallocate()
    }

    private mutating func allocateOverflow(_ tail: [Unicode.Scalar]) -> Int {
        if let index = freeOverflow.popLast() {
            overflow[index] = tail
            return index
        }
        overflow.append(tail)
        return overflow.count - 1
    }

    /// Frees the side array of the tail in `slot`, if it has one.
    @inline(__always)
    private mutating func releaseOverflow(_ slot: UnsafeMutableRawPointer) {
        guard GraphemeTable.tailCount(slot) > GraphemeTable.inlineCapacity else { return }
        let index = Int(GraphemeTable.scalars(slot)[0])
        overflow[index] = []
        freeOverflow.append(index)
    }
}
