import Glibc
import PTY
import Synchronization
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
        let seen = Mutex<(SystemError?, [Int]?)>((nil, nil))
        let thread = try JoinableThread {
            let error = placement.applyToCurrentThread()
            seen.withLock { $0 = (error, WorkerPlacement.allowedCPUs()) }
        }
        thread.join()
        let (error, placed) = seen.withLock { $0 }
        #expect(error == nil)
        #expect(placed == placement.workerCPUs)
        #expect(placed?.contains(placement.reservedCPU) == false)
        #expect(WorkerPlacement.allowedCPUs() == before)
    }
}
