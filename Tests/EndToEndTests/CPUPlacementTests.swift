import Foundation
import Testing

/// `run` keeps its busy threads off one CPU (`WorkerPlacement`), and only them: the command
/// it runs keeps every CPU the user gave it.
@Suite struct CPUPlacementTests {
    private static var allowedCPUCount: Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
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
