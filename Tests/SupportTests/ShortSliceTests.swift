import Foundation
import Glibc
import Support
import Testing

@Suite struct ShortSliceTests {
    /// The calling thread's scheduler fields from /proc ("policy", "prio", "se.slice").
    private static func schedulerField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/sched", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, String(parts[0]).trimmingCharacters(in: CharacterSet.whitespaces) == name {
                return Int(String(parts[1]).trimmingCharacters(in: CharacterSet.whitespaces))
            }
        }
        return nil
    }

    @Test func aFairThreadGetsTheShortSliceAndKeepsItsNiceValue() throws {
        let (error, slice, priority, before) = try onNewThread { () -> (SystemError?, Int?, Int?, Int?) in
            // On Linux, PRIO_PROCESS with 0 sets the calling thread's own nice value.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 3)
            let before = Self.schedulerField("prio")
            let error = ShortSlice.requestForCurrentThread()
            return (error, Self.schedulerField("se.slice"), Self.schedulerField("prio"), before)
        }
        #expect(error == nil)
        #expect(priority == before && priority == 123)
        // Kernels before 6.12 accept the request and keep their own slice.
        if let slice, Self.kernelHonoursCustomSlices {
            #expect(slice == Int(ShortSlice.nanoseconds))
        }
    }

    /// SCHED_IDLE, which Glibc does not export to Swift (it is behind _GNU_SOURCE).
    private static let idlePolicy: Int32 = 5

    @Test func aThreadInTheIdleClassIsLeftThere() throws {
        let (error, policy) = try onNewThread { () -> (SystemError?, Int?) in
            var parameters = sched_param(sched_priority: 0)
            pthread_setschedparam(pthread_self(), Self.idlePolicy, &parameters)
            return (ShortSlice.requestForCurrentThread(), Self.schedulerField("policy"))
        }
        #expect(error?.call == "sched_setattr")
        #expect(policy == Int(Self.idlePolicy))
    }

    private static var kernelHonoursCustomSlices: Bool {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2 else { return false }
        return numbers[0] > 6 || (numbers[0] == 6 && numbers[1] >= 12)
    }
}
