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

    init(capacityBytes: Int = 8 << 20) {
        capacity = capacityBytes
    }

    /// Called on the reader thread, after the bytes reached the user's terminal.
    func send(_ bytes: UnsafeRawBufferPointer) {
        let copy = [UInt8](bytes)
        let time = wallClockMilliseconds()
        condition.lock()
        while queuedBytes >= capacity && !closed { condition.wait() }
        items.append(.output(copy, time: time))
        queuedBytes += copy.count
        condition.signal()
        condition.unlock()
    }

    func send(resize columns: Int, rows: Int) {
        condition.lock()
        items.append(.resize(columns: columns, rows: rows))
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
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let batch = items
        items.removeAll(keepingCapacity: true)
        queuedBytes = 0
        condition.broadcast()
        return batch
    }
}
