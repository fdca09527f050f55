import Foundation
@testable import Recorder
import Support
import Testing

extension OutputChannel {
    /// Copies `bytes` into the ring the way the output thread reads into it (reserve, fill,
    /// commit), waiting for room as needed; drops the rest after `close()`.
    func send(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count, let space = reserveSpace(upTo: bytes.count - offset) {
            space.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + space.count)]))
            commit(space.count)
            offset += space.count
        }
    }
}

/// The reader → emulator hand-over: every byte arrives once, in order, with resizes where they
/// were sent, and the ring never holds more than its capacity however far the emulator lags.
@Suite struct OutputChannelTests {
    /// Deterministic bytes: position `i` of the stream holds `i % 251` (a prime, so ring wraps
    /// never line up with the pattern).
    static func chunk(from start: Int, count: Int) -> [UInt8] {
        (start..<(start + count)).map { UInt8($0 % 251) }
    }

    @Test func deliversEveryByteInOrderThroughASmallRing() async throws {
        let channel = OutputChannel(capacityBytes: 1000)
        // Reads of awkward sizes, several larger than the ring, so sends wrap and wait.
        let sizes = [1, 999, 1000, 1001, 4096, 3, 250, 7777, 64, 2500]
        let total = sizes.reduce(0, +)
        let producer = Thread {
            var position = 0
            for (i, size) in sizes.enumerated() {
                Self.chunk(from: position, count: size).withUnsafeBytes { channel.send($0) }
                position += size
                if i == 4 { channel.send(resize: 100, rows: 30) }
            }
            channel.close()
        }
        producer.start()

        var received: [UInt8] = []
        var resizeAt: Int?
        var maximumHeld = 0
        while let batch = channel.receiveAll() {
            for item in batch {
                switch item {
                case .output(let bytes, _):
                    maximumHeld = max(maximumHeld, channel.heldBytes)
                    received.append(contentsOf: bytes)
                    channel.release(bytes.count)
                case .resize(let columns, let rows):
                    #expect(columns == 100 && rows == 30)
                    resizeAt = received.count
                }
            }
        }
        #expect(received.count == total)
        #expect(received == Self.chunk(from: 0, count: total))
        #expect(resizeAt == sizes[0...4].reduce(0, +))
        #expect(maximumHeld <= 1000)
        #expect(channel.heldBytes == 0)
    }

    /// The reader reads into the space it is lent: never past the ring's end or over bytes the
    /// emulator still holds; a read that found nothing adds no item; nothing is lent after close.
    @Test func lentSpaceStopsAtTheRingsEndAndAtHeldBytes() {
        let channel = OutputChannel(capacityBytes: 100)
        let first = channel.reserveSpace(upTo: 64)
        #expect(first?.count == 64)
        channel.commit(60)
        #expect(channel.reserveSpace(upTo: 64)?.count == 40)   // up to the ring's end
        channel.commit(0)
        #expect(channel.heldBytes == 60)
        let space = channel.reserveSpace(upTo: 64)!
        #expect(space.count == 40)
        space.initializeMemory(as: UInt8.self, repeating: 7)
        channel.commit(40)
        guard let batch = channel.receiveAll() else { Issue.record("no items"); return }
        #expect(batch.count == 2)
        if case .output(let bytes, _) = batch[0] { channel.release(bytes.count) }
        // 60 bytes free again, at the ring's start; the 40 still held stop the next read there.
        #expect(channel.reserveSpace(upTo: 1000)?.count == 60)
        channel.commit(0)
        channel.close()
        #expect(channel.reserveSpace(upTo: 10) == nil)
    }

    @Test func closeReleasesAReaderWaitingForRoom() async throws {
        let channel = OutputChannel(capacityBytes: 16)
        let finished = DispatchSemaphore(value: 0)
        let producer = Thread {
            // Nobody drains the channel: the send fills the ring, then waits until close.
            Self.chunk(from: 0, count: 64).withUnsafeBytes { channel.send($0) }
            finished.signal()
        }
        producer.start()
        // The ring fills before the reader waits; then close must let it go.
        while channel.heldBytes < 16 { await Task.yield() }
        channel.close()
        finished.wait()
        #expect(channel.heldBytes == 16)
    }

    /// The emulator's cue to leave its CPU placement (`PlacementValve`): said once per wait.
    @Test func aReaderThatWaitedForRoomIsReportedOnce() async throws {
        let channel = OutputChannel(capacityBytes: 16)
        #expect(!channel.readerWaitedForRoom())
        let finished = DispatchSemaphore(value: 0)
        let producer = Thread {
            Self.chunk(from: 0, count: 32).withUnsafeBytes { channel.send($0) }
            finished.signal()
        }
        producer.start()
        while !channel.readerIsWaitingForRoom { await Task.yield() }
        #expect(channel.readerWaitedForRoom())
        #expect(!channel.readerWaitedForRoom())
        var received = 0
        while received < 32, let batch = channel.receiveAll() {
            for case .output(let bytes, _) in batch {
                received += bytes.count
                channel.release(bytes.count)
            }
        }
        finished.wait()
        #expect(received == 32)
        channel.close()
    }
}
