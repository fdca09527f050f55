import Support
import Synchronization

/// Runs `body` on a thread of its own and returns its result: for tests that change the
/// calling thread's scheduling or CPU affinity, so the test runner's threads keep theirs.
func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) throws -> T {
    let result = Mutex<T?>(nil)
    let thread = try JoinableThread { result.withLock { $0 = body() } }
    thread.join()
    return result.withLock { $0! }
}
