import CSupport
import Glibc

/// Keeps the recorder's busy threads (emulator, line assembly, archive writer) off one of the
/// CPUs the process may use, so the tasks that move output through the pty always find that
/// one free.
///
/// Left to the scheduler, the three threads spread over every CPU and each wake-up of the
/// pty's relay race found one of them in its way; held to the other CPUs they still get all
/// the time they need. The output thread is left free: pinned to the reserved CPU it made
/// bursts slower, and stuck behind another program's work on one CPU it would stall the
/// session. For the same reason the emulator leaves its placement while the output thread has
/// to wait for it (`PlacementValve`). Measurements: docs/decisions.md.
public struct WorkerPlacement: Sendable {
    /// The CPUs the workers may run on, as a `csupport_get_affinity` byte mask.
    private let mask: [UInt8]
    /// Every CPU the process was allowed, the reserved one included (`PlacementValve`).
    private let allowedMask: [UInt8]
    /// The CPU left to the relay.
    public let reservedCPU: Int

    /// Bytes of mask: as many CPUs as a `cpu_set_t` holds.
    private static let maskBytes = 128

    /// The CPUs the calling thread may use, in increasing order; nil when they cannot be read.
    public static func allowedCPUs() -> [Int]? {
        var mask = [UInt8](repeating: 0, count: maskBytes)
        guard csupport_get_affinity(&mask, maskBytes) == 0 else { return nil }
        return cpus(in: mask)
    }

    /// Every allowed CPU but the lowest-numbered one, or nil when the process may use fewer
    /// than two CPUs (or its affinity cannot be read): then there is nothing to leave free.
    /// Call it on the thread whose affinity the workers inherit (the one that starts `run`).
    public static func leavingOneCPUForTheRelay() -> WorkerPlacement? {
        guard let allowed = allowedCPUs() else { return nil }
        return WorkerPlacement(allowed: allowed)
    }

    /// The placement for a process allowed `allowed` CPUs; nil when fewer than two.
    public init?(allowed: [Int]) {
        let sorted = allowed.sorted()
        guard sorted.count >= 2, sorted[0] >= 0, sorted.last! < Self.maskBytes * 8 else { return nil }
        var mask = [UInt8](repeating: 0, count: Self.maskBytes)
        for cpu in sorted.dropFirst() { mask[cpu / 8] |= UInt8(1 << (cpu % 8)) }
        self.mask = mask
        reservedCPU = sorted[0]
        mask[reservedCPU / 8] |= UInt8(1 << (reservedCPU % 8))
        allowedMask = mask
    }

    /// The CPUs the workers may run on.
    public var workerCPUs: [Int] { Self.cpus(in: mask) }

    /// Restricts the calling thread to the worker CPUs. Best effort: the caller may report the
    /// error, and the thread then runs wherever the scheduler puts it, as before.
    @discardableResult
    public func applyToCurrentThread() -> SystemError? {
        Self.restrictCurrentThread(to: mask)
    }

    /// Lets the calling thread use every CPU the process was allowed again, the reserved one
    /// included (for a worker that holds up the relay, see `PlacementValve`).
    @discardableResult
    public func releaseCurrentThread() -> SystemError? {
        Self.restrictCurrentThread(to: allowedMask)
    }

    private static func restrictCurrentThread(to mask: [UInt8]) -> SystemError? {
        csupport_set_affinity(mask, mask.count) == 0 ? nil : SystemError(call: "sched_setaffinity", errno: errno)
    }

    private static func cpus(in mask: [UInt8]) -> [Int] {
        var cpus: [Int] = []
        for (index, byte) in mask.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << bit) != 0 { cpus.append(index * 8 + bit) }
        }
        return cpus
    }
}
