import Glibc

/// A joinable POSIX thread running one closure. Used instead of Dispatch or Foundation so the
/// relay's threading is explicit: the thread inherits the creator's signal mask, which the
/// signal design relies on. Joined by `join()` or, at the latest, in `deinit`.
public final class JoinableThread {
    private let handle: pthread_t
    private var joined = false

    public init(_ body: @escaping @Sendable () -> Void) throws(SystemError) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var handle = pthread_t()
        let code = pthread_create(&handle, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        if code != 0 {
            Unmanaged<Box>.fromOpaque(context).release()
            throw SystemError(call: "pthread_create", errno: code)
        }
        self.handle = handle
    }

    /// Waits for the thread to finish. Call from one thread only.
    public func join() {
        guard !joined else { return }
        joined = true
        pthread_join(handle, nil)
    }

    deinit { join() }
}
