#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with two condition variables (monotonic clock), owned by one object.
/// The writer's queue needs timed waits, which the standard library's Mutex does not offer;
/// the recorder's line-assembly thread and output channel use one too.
public final class Monitor: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Signalled when lines arrive or the writer is asked to finish.
    private let consumerCondition: UnsafeMutablePointer<pthread_cond_t>
    /// Signalled when room frees up in the queue or the writer has stopped.
    private let producerCondition: UnsafeMutablePointer<pthread_cond_t>

    public init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        consumerCondition = .allocate(capacity: 1)
        producerCondition = .allocate(capacity: 1)
        pthread_cond_init(consumerCondition, &attr)
        pthread_cond_init(producerCondition, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(consumerCondition)
        pthread_cond_destroy(producerCondition)
        pthread_mutex_destroy(mutex)
        consumerCondition.deallocate()
        producerCondition.deallocate()
        mutex.deallocate()
    }

    public func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Call with the lock held.
    public func waitAsProducer() { pthread_cond_wait(producerCondition, mutex) }
    public func wakeProducers() { pthread_cond_broadcast(producerCondition) }
    public func wakeConsumer() { pthread_cond_signal(consumerCondition) }
    /// For several consumer threads (the search's scan workers), all of which must see a stop.
    public func wakeAllConsumers() { pthread_cond_broadcast(consumerCondition) }

    /// Call with the lock held. Waits until signalled or until `deadline` (monotonic ns).
    public func waitAsConsumer(until deadline: UInt64?) {
        guard let deadline else {
            pthread_cond_wait(consumerCondition, mutex)
            return
        }
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        _ = pthread_cond_timedwait(consumerCondition, mutex, &ts)
    }
}
