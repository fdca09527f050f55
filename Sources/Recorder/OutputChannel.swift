import OwnedMemory
import PTY
import Support

/// Hands pty output from the relay's reader thread to the emulator thread.
///
/// The reader reads the pty straight into a ring of `capacity` bytes allocated once
/// (`reserveSpace`, then `commit` once the bytes reached the user's terminal). The emulator
/// reads them in place and gives their space back (`release`) as it finishes each item, so at
/// most `capacity` bytes are ever held: if the emulator falls that far behind, the reader
/// waits, which slows the child the way a slow terminal would.
///
/// Why a ring and not a queue of arrays: the queue copied every read into an array of its own
/// (a malloc on the reader, a free on the emulator, so the reader's malloc arena fragmented),
/// and a batch handed to the emulator stopped counting against the bound, so up to twice the
/// bound was live. Measured on 128 MiB of emoji output, peak RSS of `run` 51 MiB with a 4 MiB
/// queue; the bytes the ring holds are exactly its capacity.
final class OutputChannel: OutputDestination, @unchecked Sendable {
    enum Item {
        /// Bytes in the ring, valid until `release` gives their space back.
        case output(UnsafeRawBufferPointer, time: Int64)
        case resize(columns: Int, rows: Int)
    }

    /// The emulator waits as the consumer, the reader (for room in the ring) as the producer.
    private let monitor = Monitor()
    /// The ring, owned by the channel.
    private let memory: OwnedBuffer<UInt8>
    private var ring: UnsafeMutableRawBufferPointer { memory.rawBytes }
    let capacity: Int
    /// Bytes ever written and ever released: `written - released` are held, `written % capacity`
    /// is where the next byte goes.
    private var written = 0
    private var released = 0
    /// Items sent and not yet received, and the bytes in them.
    private var items: [Item] = []
    private var pendingBytes = 0
    private var closed = false
    private var producerWaiting = false
    /// Whether the reader has waited for room since `readerWaitedForRoom()` last asked.
    private var producerWaitedSinceAsked = false
    /// The emulator wakes for a full batch of output (a quarter of the ring, at most 256 KiB) or
    /// once the oldest has waited 5 ms: waking it per pty read (4 KiB on average) cost a context
    /// switch each time. A reader waiting for room is woken once a batch's room is free.
    private var handOff: HandOff

    /// 2 MiB: a burst's reads (up to 64 KiB each) queue without the reader waiting while the
    /// emulator is held up for a moment (a full line queue), and the whole ring is what `run`
    /// adds to resident memory for it.
    init(capacityBytes: Int = 2 << 20, handOff policy: HandOffPolicy? = nil) {
        capacity = max(capacityBytes, 1)
        memory = OwnedBuffer(uninitializedCount: capacity, alignment: 64)
        handOff = HandOff(policy ?? Self.handOff(capacity: capacity))
    }

    /// The default policy for a ring of `capacity` bytes.
    static func handOff(capacity: Int) -> HandOffPolicy {
        HandOffPolicy(fullBatch: min(256 << 10, max(capacity / 4, 1)), maxDelayNanoseconds: 5_000_000)
    }

    /// The reader thread's read target: the free space from the write position up to the
    /// ring's end or the oldest held byte, at most `maximum` bytes. Waits while the ring is
    /// full; nil after `close()`. One reservation at a time, each followed by `commit`.
    func reserveSpace(upTo maximum: Int) -> UnsafeMutableRawBufferPointer? {
        monitor.withLock {
            while written - released == capacity && !closed {
                producerWaiting = true
                producerWaitedSinceAsked = true
                monitor.waitAsProducer()
            }
            producerWaiting = false
            guard !closed else { return nil }
            let position = written % capacity
            let count = min(max(maximum, 1), capacity - (written - released), capacity - position)
            return UnsafeMutableRawBufferPointer(rebasing: ring[position..<(position + count)])
        }
    }

    /// The first `count` bytes of the reserved space hold output (already on the user's
    /// terminal): they become an item for the emulator.
    func commit(_ count: Int) {
        guard count > 0 else { return }
        let time = Clock.nowMilliseconds()
        monitor.withLock {
            let position = written % capacity
            precondition(count <= capacity - (written - released) && count <= capacity - position,
                         "committed more than was reserved")
            written += count
            enqueue(.output(UnsafeRawBufferPointer(rebasing: ring[position..<(position + count)]), time: time), bytes: count)
        }
    }

    func send(resize columns: Int, rows: Int) {
        monitor.withLock { enqueue(.resize(columns: columns, rows: rows), bytes: 0) }
    }

    /// With the lock held.
    private func enqueue(_ item: Item, bytes: Int) {
        let wasEmpty = items.isEmpty
        items.append(item)
        pendingBytes += bytes
        // A resize (no bytes) wakes the emulator at once, like a full batch.
        if handOff.arrived(wasEmpty: wasEmpty, queued: pendingBytes, full: bytes == 0) { monitor.wakeConsumer() }
    }

    /// Gives back the space of `count` bytes received, oldest first (the emulator is done with them).
    /// A reader waiting on a full ring is woken once a full batch's room is free, not per release:
    /// waking it for every 4 KiB item made the two threads switch per pty read.
    func release(_ count: Int) {
        monitor.withLock {
            released += count
            precondition(released <= written, "released more than was received")
            if producerWaiting && handOff.isFullBatch(capacity - (written - released)) { monitor.wakeProducers() }
        }
    }

    /// True when the reader had to wait for room since the last call: the emulator is holding
    /// up the output (and the child), so it may take more CPUs (`PlacementValve`).
    func readerWaitedForRoom() -> Bool {
        monitor.withLock {
            defer { producerWaitedSinceAsked = false }
            return producerWaitedSinceAsked
        }
    }

    /// No more items will be sent; a reader waiting for room returns.
    func close() {
        monitor.withLock {
            closed = true
            monitor.wakeProducers()
            monitor.wakeConsumer()
        }
    }

    /// Everything sent since the last call, waiting while there is nothing; nil once closed and
    /// drained, empty when nothing came before `deadline` (monotonic ns). Each `.output` must be
    /// `release`d once processed, in order.
    func receiveAll(until deadline: UInt64? = nil) -> [Item]? {
        monitor.withLock {
            while !closed {
                if items.isEmpty {
                    if let deadline, Clock.monotonicNanoseconds() >= deadline { return [] }
                    monitor.waitAsConsumer(until: deadline)
                    continue
                }
                // A full ring wakes the reader's emulator at once: the reader is waiting for it.
                if handOff.isFullBatch(pendingBytes) || written - released == capacity { break }
                let due = handOff.due
                if Clock.monotonicNanoseconds() >= due { break }
                monitor.waitAsConsumer(until: due)
            }
            if items.isEmpty { return nil }
            let batch = items
            items.removeAll(keepingCapacity: true)
            pendingBytes = 0
            return batch
        }
    }

    /// Whether the reader is waiting for room right now, for tests.
    var readerIsWaitingForRoom: Bool {
        monitor.withLock { producerWaiting }
    }

    /// Bytes written and not yet released (never more than `capacity`), for tests.
    var heldBytes: Int {
        monitor.withLock { written - released }
    }
}
