import Archive
import Foundation

/// Hands pty output from the relay's reader thread to the emulator thread.
///
/// The reader has already written the bytes to the user's terminal; here it only copies them
/// and moves on. The channel is bounded in bytes: if the emulator falls that far behind, the
/// reader waits, which slows the child the way a slow terminal would, and memory stays capped.
final class OutputChannel: @unchecked Sendable {
    enum Item {
        case output([UInt8], time: Int64)
        case resize(columns: Int, rows: Int)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var queuedBytes = 0
    private var closed = false
    private let capacity: Int
    /// When the oldest queued item arrived.
    private var firstArrival = Date.distantPast
    /// The emulator wakes for `wakeBytes` of output or once the oldest has waited `wakeDelay`.
    /// Waking it per pty read (4 KiB on average) cost a context switch each time; the archive
    /// gains nothing from the extra promptness (it commits every 250 ms).
    private let wakeBytes = 256 << 10
    private let wakeDelay: TimeInterval = 0.005

    /// 4 MiB by measurement: with 1 MiB the reader blocked often enough to make a 256 MiB burst
    /// 1.02–1.65x script's time; with 4 MiB 0.85–1.04x, for ~1.5 MiB more peak RSS.
    init(capacityBytes: Int = 4 << 20) {
        capacity = capacityBytes
    }

    /// Called on the reader thread, after the bytes reached the user's terminal.
    func send(_ bytes: UnsafeRawBufferPointer) {
        let copy = [UInt8](bytes)
        let time = Clock.nowMilliseconds()
        condition.lock()
        while queuedBytes >= capacity && !closed { condition.wait() }
        let wasEmpty = items.isEmpty
        if wasEmpty { firstArrival = Date() }
        items.append(.output(copy, time: time))
        queuedBytes += copy.count
        // The first item wakes an idle emulator (which then waits up to `wakeDelay` for more);
        // a full batch wakes it at once.
        if wasEmpty || queuedBytes >= wakeBytes { condition.signal() }
        condition.unlock()
    }

    func send(resize columns: Int, rows: Int) {
        condition.lock()
        if items.isEmpty { firstArrival = Date() }
        items.append(.resize(columns: columns, rows: rows))
        condition.signal()
        condition.signal()
        condition.unlock()
    }

    /// No more items will be sent.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Everything queued, waiting while there is nothing; nil once closed and drained.
    func receiveAll() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while !closed {
            if items.isEmpty {
                condition.wait()
                continue
            }
            if queuedBytes >= wakeBytes { break }
            let due = firstArrival.addingTimeInterval(wakeDelay)
            if Date() >= due { break }
            _ = condition.wait(until: due)
        }
        if items.isEmpty { return nil }
        let batch = items
        items.removeAll(keepingCapacity: true)
        queuedBytes = 0
        condition.broadcast()
        return batch
    }
}
