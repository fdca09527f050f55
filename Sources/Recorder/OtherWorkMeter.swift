import Glibc

/// How much CPU the rest of the machine used since the last look, in CPUs (1.0 = one CPU kept
/// busy): the background catch-up's way of noticing that the user has started something.
///
/// It compares the machine's busy time in `/proc/stat` with this process's own CPU time, so the
/// catch-up's own slices do not count. Time stolen by a hypervisor and time spent idle or
/// waiting for I/O are not work.
struct OtherWorkMeter {
    private var lastLook: Look

    /// Nil where `/proc/stat` cannot be read (then nobody can tell whether the machine is busy).
    init?() {
        guard let look = Look.now() else { return nil }
        lastLook = look
    }

    /// CPUs used by other processes since the previous look that counted, if at least
    /// `minimumSeconds` have passed since it; nil (and no new look) when less time has passed or
    /// the kernel's counters could not be read. The machine's counters advance in clock ticks
    /// (10 ms), so a window of a few ticks is too coarse to tell a quiet machine from a busy one.
    mutating func cpusUsedByOthers(overAtLeast minimumSeconds: Double) -> Double? {
        guard let look = Look.now() else { return nil }
        let elapsed = look.wallSeconds - lastLook.wallSeconds
        guard elapsed >= minimumSeconds, elapsed > 0 else { return nil }
        defer { lastLook = look }
        let others = (look.machineBusySeconds - lastLook.machineBusySeconds)
            - (look.ownSeconds - lastLook.ownSeconds)
        return max(0, others) / elapsed
    }

    private struct Look {
        var wallSeconds: Double
        var machineBusySeconds: Double
        var ownSeconds: Double

        static func now() -> Look? {
            guard let ticks = readMachineBusyTicks() else { return nil }
            var wall = timespec()
            clock_gettime(CLOCK_MONOTONIC, &wall)
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let own = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            return Look(wallSeconds: Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9,
                        machineBusySeconds: Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK))),
                        ownSeconds: own)
        }
    }

    /// The machine's busy clock ticks from the first line of `/proc/stat`.
    private static func readMachineBusyTicks() -> UInt64? {
        let fd = open("/proc/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return busyTicks(fromStatLine: buffer[0..<count])
    }

    /// Sums user, nice, system, irq and softirq from the aggregate `cpu` line of `/proc/stat`
    /// (`cpu  user nice system idle iowait irq softirq steal guest guest_nice`); guest time is
    /// already inside user and nice. Nil when the line is not there.
    static func busyTicks(fromStatLine bytes: some Collection<UInt8>) -> UInt64? {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let fields = line.split(separator: UInt8(ascii: " "))
        guard fields.count >= 8, fields[0].elementsEqual("cpu".utf8) else { return nil }
        var values: [UInt64] = []
        for field in fields[1...7] {
            guard let value = UInt64(String(decoding: field, as: UTF8.self)) else { return nil }
            values.append(value)
        }
        // user, nice, system, (idle, iowait), irq, softirq
        return values[0] + values[1] + values[2] + values[5] + values[6]
    }
}
