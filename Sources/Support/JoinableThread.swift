import CSupport
import Glibc

/// A joinable POSIX thread running one closure. Used instead of Dispatch or Foundation so the
/// relay's threading is explicit: the thread inherits the creator's signal mask, which the
/// signal design relies on. Joined by `join()` or, at the latest, in `deinit`.
public final class JoinableThread {
    private let handle: pthread_t
    private var joined = false

    /// - Parameter stackSize: bytes of stack, or nil for the system's default (RLIMIT_STACK).
    public init(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) throws(SystemError) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var handle = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        let code = pthread_create(&handle, &attributes, { context in
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

    /// Names the calling thread as ps, top and perf show it (the kernel keeps 15 bytes).
    public static func nameCurrentThread(_ name: String) {
        _ = csupport_name_thread(String(name.utf8.prefix(15)) ?? name)
    }

    /// Waits for the thread to finish. Call from one thread only.
    public func join() {
        guard !joined else { return }
        joined = true
        pthread_join(handle, nil)
    }

    deinit { join() }
}
