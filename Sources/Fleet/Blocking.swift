import Dispatch

/// Holds the outcome of async work for the thread that waits for it: written once by the
/// task, read only after the semaphore says it was.
private final class Outcome<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}

/// Runs async work to its end from synchronous code. The CLI and the archive are synchronous
/// and keep each archive connection on one thread; the PostgreSQL client is async. Each server
/// call is waited for here, on the caller's thread, while it runs on the client's own threads.
func blocking<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.value = Result<T, any Error>.success(try await body()) } catch { outcome.value = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.value!.get()
}
