import Foundation
import Support
import Testing

/// `run` keeps its busy threads off one CPU (`WorkerPlacement`), and only them: the command
/// it runs keeps every CPU the user gave it.
@Suite struct CPUPlacementTests {
    /// CPUs this process may run on, from /proc/self/status ("0-3,6"): a test run under
    /// `taskset -c 0` has nothing to reserve, however many CPUs are online.
    private static var allowedCPUCount: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return 0 }
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        return list.split(separator: ",").reduce(0) { count, range in
            let ends = range.split(separator: "-").compactMap { Int($0) }
            return count + (ends.count == 2 ? ends[1] - ends[0] + 1 : ends.count)
        }
    }

    @Test(.enabled(if: CPUPlacementTests.allowedCPUCount >= 2, "needs two CPUs"))
    func theEmulatorThreadLeavesACPUAndTheCommandKeepsThemAll() throws {
        let sandbox = try Sandbox()
        // The emulator thread starts just after the command: look until it is there (5 s at most).
        let script = """
            allowed() { sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "$1"; }
            for i in $(seq 100); do
              for t in /proc/$PPID/task/*; do
                [ "$(cat $t/comm)" = sv-emulator ] && emulator=$(allowed $t/status)
              done
              [ -n "$emulator" ] && break
              sleep 0.05
            done
            echo "main=$(allowed /proc/$PPID/status)"
            echo "emulator=$emulator"
            echo "command=$(allowed /proc/self/status)"
            """
        let result = try sandbox.scrollvault("run", "--", "sh", "-c", script)
        #expect(result.status == 0, "\(result)")
        func value(_ key: String) -> String? {
            result.lines.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        let main = try #require(value("main")), emulator = try #require(value("emulator"))
        #expect(!main.isEmpty && !emulator.isEmpty, "\(result)")
        #expect(emulator != main, "the emulator thread may use every CPU: \(emulator)")
        #expect(value("command") == main, "the command lost CPUs: \(result)")
    }
}
