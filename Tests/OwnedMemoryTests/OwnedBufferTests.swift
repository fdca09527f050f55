import OwnedMemory
import Testing

@Suite struct OwnedBufferTests {
    @Test func holdsWhatIsWritten() {
        let buffer = OwnedBuffer(repeating: 7, count: 4)
        buffer[2] = 9
        #expect((0..<4).map { buffer[$0] } == [7, 7, 9, 7])
        #expect(buffer.withUnsafeMutableBufferPointer { Array($0) } == [7, 7, 9, 7])
    }

    @Test func resizingKeepsThePrefixAndFillsTheRest() {
        var buffer = OwnedBuffer(repeating: UInt8(1), count: 3)
        buffer[0] = 5
        buffer.resize(to: 5, keeping: 2, filler: 0)
        #expect(buffer.count == 5)
        #expect((0..<5).map { buffer[$0] } == [5, 1, 0, 0, 0])
        buffer.resize(to: 1, keeping: 5, filler: 0)
        #expect(buffer.count == 1 && buffer[0] == 5)
    }

    @Test func growingDoublesAndKeepsEverything() {
        var buffer = OwnedBuffer(repeating: 3, count: 4)
        buffer.grow(toAtLeast: 5, filler: 0)
        #expect(buffer.count == 8)
        #expect((0..<8).map { buffer[$0] } == [3, 3, 3, 3, 0, 0, 0, 0])
        buffer.grow(toAtLeast: 2, filler: 0)
        #expect(buffer.count == 8)
    }

    @Test func keepsItsAlignmentAcrossResizes() {
        var buffer = OwnedBuffer<UInt8>(repeating: 0, count: 100, alignment: 64)
        #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
        buffer.resize(to: 1000, keeping: 100, filler: 0)
        #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
    }

    @Test func anEmptyBufferStillHasAnAddress() {
        let buffer = OwnedBuffer(repeating: 0, count: 0)
        #expect(buffer.count == 0)
        buffer.baseAddress[0] = 1  // one element is always allocated
        #expect(buffer.baseAddress[0] == 1)
    }
}
