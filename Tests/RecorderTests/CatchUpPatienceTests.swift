import Archive
import Foundation
@testable import Recorder
import Support
import Testing

/// The background catch-up holds back while other work keeps the machine busy.
@Suite struct CatchUpPatienceTests {
    @Test func readsTheBusyTicksOfTheAggregateLine() {
        let stat = "cpu  100 20 300 9999 50 4 5 70 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"
        #expect(OtherWorkMeter.busyTicks(fromStatLine: Array(stat.utf8)) == 100 + 20 + 300 + 4 + 5)
    }

    @Test func rejectsWhatIsNotTheAggregateLine() {
        #expect(OtherWorkMeter.busyTicks(fromStatLine: Array("cpu0 1 2 3 4 5 6 7 8\n".utf8)) == nil)
        #expect(OtherWorkMeter.busyTicks(fromStatLine: Array("cpu  1 2 3\n".utf8)) == nil)
        #expect(OtherWorkMeter.busyTicks(fromStatLine: Array("cpu  1 2 x 4 5 6 7 8\n".utf8)) == nil)
        #expect(OtherWorkMeter.busyTicks(fromStatLine: [UInt8]()) == nil)
    }

    @Test func theMachineCountersCanBeRead() {
        var meter = OtherWorkMeter()
        #expect(meter != nil)
        #expect(meter?.cpusUsedByOthers(overAtLeast: 3600) == nil, "an hour has not passed")
    }

    /// A busy loop in another process keeps more than a quarter of a CPU busy the whole time,
    /// so the catch-up waits its whole patience, then indexes anyway.
    @Test func waitsOutABusyProcessThenIndexesAnyway() throws {
        let path = try BackgroundCatchUpTests.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let busy = Process()
        busy.executableURL = URL(fileURLWithPath: "/bin/sh")
        busy.arguments = ["-c", "while :; do :; done"]
        try busy.run()
        defer {
            // SIGKILL: the test process may have SIGTERM blocked, and the loop inherits the mask.
            kill(busy.processIdentifier, SIGKILL)
            busy.waitUntilExit()
        }
        let patience = CatchUpPatience(busyCPUs: 0.25, lookMilliseconds: 100, longestWaitMilliseconds: 1_000)
        let started = ContinuousClock.now
        #expect(try BackgroundCatchUp.run(path: path, patience: patience))
        let took = ContinuousClock.now - started
        #expect(took >= .milliseconds(1_000), "it indexed while another process kept a CPU busy (after \(took))")
        #expect(try !BackgroundCatchUpTests.hasBacklog(path))
    }

    /// Asked to stop during a look (the first look always waits), it returns within a step,
    /// not at the end of the look, and leaves the backlog for later.
    @Test func aStopRequestEndsTheWait() throws {
        let path = try BackgroundCatchUpTests.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let patience = CatchUpPatience(busyCPUs: 0.25, lookMilliseconds: 10_000, longestWaitMilliseconds: 60_000)
        let finished = DispatchSemaphore(value: 0)
        let catchUp = Thread {
            _ = try? BackgroundCatchUp.run(path: path, patience: patience)
            finished.signal()
        }
        let started = ContinuousClock.now
        catchUp.start()
        let asked = BackgroundCatchUpTests.askToStopOnceListening(path: path, finished: finished)
        #expect(asked, "the catch-up listens on its claim while it waits")
        finished.wait()
        let took = ContinuousClock.now - started
        #expect(took < .seconds(5), "the stop request waited for the end of the look (\(took))")
        #expect(try BackgroundCatchUpTests.hasBacklog(path))
    }
}
