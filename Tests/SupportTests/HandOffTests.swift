import Support
import Testing

@Suite struct HandOffTests {
    @Test func theFirstItemAndAFullBatchWakeTheConsumer() {
        var handOff = HandOff(HandOffPolicy(fullBatch: 3, maxDelayNanoseconds: 1_000_000))
        let first = handOff.arrived(wasEmpty: true, queued: 1)
        let second = handOff.arrived(wasEmpty: false, queued: 2)
        let third = handOff.arrived(wasEmpty: false, queued: 3)
        let bounded = handOff.arrived(wasEmpty: false, queued: 2, full: true)
        #expect(first && !second && third)
        #expect(bounded, "full by the queue's own bounds")
        #expect(handOff.isFullBatch(3) && !handOff.isFullBatch(2))
    }

    @Test func theOldestItemIsDueAfterTheDelay() {
        var handOff = HandOff(HandOffPolicy(fullBatch: 100, maxDelayNanoseconds: 5_000_000))
        let before = Clock.monotonicNanoseconds()
        _ = handOff.arrived(wasEmpty: true, queued: 1)
        let after = Clock.monotonicNanoseconds()
        #expect(handOff.due >= before + 5_000_000 && handOff.due <= after + 5_000_000)
        // Later items do not move the deadline.
        let due = handOff.due
        _ = handOff.arrived(wasEmpty: false, queued: 2)
        #expect(handOff.due == due)
    }

    @Test func immediateHandsEveryItemOver() {
        var handOff = HandOff(.immediate)
        let first = handOff.arrived(wasEmpty: true, queued: 1)
        let second = handOff.arrived(wasEmpty: false, queued: 2)
        #expect(first && second && handOff.isFullBatch(1))
    }
}
