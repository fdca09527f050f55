import Glibc
import Support
import Testing

@Suite struct WorkerPlacementTests {
    @Test func oneCPULeavesNothingToReserve() {
        #expect(WorkerPlacement(allowed: [3]) == nil)
        #expect(WorkerPlacement(allowed: []) == nil)
    }

    @Test func theLowestAllowedCPUIsLeftToTheRelay() throws {
        let two = try #require(WorkerPlacement(allowed: [0, 1]))
        #expect(two.reservedCPU == 0 && two.workerCPUs == [1])
        // A cpuset with holes, listed out of order (taskset -c 9,3,5).
        let sparse = try #require(WorkerPlacement(allowed: [9, 3, 5]))
        #expect(sparse.reservedCPU == 3 && sparse.workerCPUs == [5, 9])
    }

    @Test func cpusBeyondTheMaskAreNotPlaced() {
        #expect(WorkerPlacement(allowed: [0, 1024]) == nil)
    }

    /// On a thread of its own, so the test runner's threads keep their affinity.
    @Test(.enabled(if: (WorkerPlacement.allowedCPUs()?.count ?? 0) >= 2, "needs two CPUs"))
    func aPlacedThreadRunsOnlyOnTheWorkerCPUsAndOthersKeepTheirs() throws {
        let placement = try #require(WorkerPlacement.leavingOneCPUForTheRelay())
        let before = WorkerPlacement.allowedCPUs()
        let (error, placed) = try onNewThread { () -> (SystemError?, [Int]?) in
            (placement.applyToCurrentThread(), WorkerPlacement.allowedCPUs())
        }
        #expect(error == nil)
        #expect(placed == placement.workerCPUs)
        #expect(placed?.contains(placement.reservedCPU) == false)
        #expect(WorkerPlacement.allowedCPUs() == before)
    }
}

@Suite struct PlacementValveTests {
    @Test(.enabled(if: (WorkerPlacement.allowedCPUs()?.count ?? 0) >= 2, "needs two CPUs"))
    func aWaitingRelayFreesTheThreadUntilTheValveCloses() throws {
        let placement = try #require(WorkerPlacement.leavingOneCPUForTheRelay())
        let all = WorkerPlacement.allowedCPUs()
        let seen = try onNewThread { () -> [[Int]?] in
            placement.applyToCurrentThread()
            var valve = PlacementValve(placement: placement, openForMilliseconds: 100)
            var seen: [[Int]?] = []
            valve.observe(relayWaited: false, now: 0)
            seen.append(WorkerPlacement.allowedCPUs())           // placed
            valve.observe(relayWaited: true, now: 1_000_000)
            seen.append(WorkerPlacement.allowedCPUs())           // released
            valve.observe(relayWaited: false, now: 50_000_000)
            seen.append(WorkerPlacement.allowedCPUs())           // still released (open for 100 ms)
            valve.observe(relayWaited: true, now: 60_000_000)    // renewed: open until 160 ms
            valve.observe(relayWaited: false, now: 120_000_000)
            seen.append(WorkerPlacement.allowedCPUs())           // still released
            valve.observe(relayWaited: false, now: 160_000_000)
            seen.append(WorkerPlacement.allowedCPUs())           // placed again
            seen.append([valve.releases])
            return seen
        }
        #expect(seen == [placement.workerCPUs, all, all, all, placement.workerCPUs, [1]])
    }

    @Test func withoutAPlacementTheValveNeverMovesTheThread() throws {
        let before = WorkerPlacement.allowedCPUs()
        let (after, releases) = try onNewThread { () -> ([Int]?, Int) in
            var valve = PlacementValve(placement: nil)
            valve.observe(relayWaited: true, now: 0)
            return (WorkerPlacement.allowedCPUs(), valve.releases)
        }
        #expect(after == before && releases == 0)
    }
}
