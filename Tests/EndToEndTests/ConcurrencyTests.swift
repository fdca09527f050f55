import Foundation
import Glibc
import Testing

/// Issue 6.4: four searchers query the archive in a loop while a burst is recorded. No search
/// fails, none reports a busy or locked database, and each searcher's result count only grows.
/// The unit suite records 16 MiB; `scripts/stress-concurrency.sh` runs the full 256 MiB.
@Suite struct ConcurrencyTests {
    static let burstMiB = Int(ProcessInfo.processInfo.environment["SCROLLVAULT_BURST_MIB"] ?? "") ?? 16

    final class SearcherLog: @unchecked Sendable {
        let lock = NSLock()
        var counts: [[Int]] = Array(repeating: [], count: 4)
        var problems: [String] = []
        func add(_ searcher: Int, _ count: Int) { lock.lock(); counts[searcher].append(count); lock.unlock() }
        func problem(_ text: String) { lock.lock(); problems.append(text); lock.unlock() }
    }

    final class Flag: @unchecked Sendable {
        let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
        func set() { lock.lock(); value = true; lock.unlock() }
    }

    @Test
    func searchersDuringABurst() throws {
        let sandbox = try Sandbox()
        let lineCount = Self.burstMiB << 20 / 64
        // 64-byte lines; every 1000th holds the word the searchers look for.
        let generator = try sandbox.write("burst.py", """
            import sys
            out = sys.stdout
            for i in range(\(lineCount)):
                tag = "needle" if i % 1000 == 0 else "hay"
                out.write(("%s %d " % (tag, i)).ljust(63, ".") + "\\n")
            out.flush()

            """)
        let running = Flag()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var recorded: Result<CommandResult, Error>? = nil
        let recorder = Thread {
            recorded = Result { try sandbox.scrollvault(arguments: ["run", "--name", "burst", "--"] + PtyDriver.python + [generator], timeout: Double(max(55, 2 * Self.burstMiB))) }
            running.set()
            done.signal()
        }
        let log = SearcherLog()
        let archive = sandbox.archivePath
        var searchers: [Thread] = []
        let finished = DispatchGroup()
        for index in 0..<4 {
            let own = try Sandbox()
            finished.enter()
            let searcher = Thread {
                defer { finished.leave() }
                var previous = 0
                while true {
                    let last = running.isSet
                    do {
                        // Word search for even searchers, substring for odd ones: both paths.
                        let mode = index % 2 == 0 ? [String]() : ["--substring"]
                        let result = try own.scrollvault(arguments: ["search", "--db", archive, "--limit", "1000000", "--json"] + mode + ["needle"], timeout: 30)
                        let text = result.err.lowercased()
                        if text.contains("busy") || text.contains("locked") { log.problem("searcher \(index): \(result.err)") }
                        if result.status == 0 || (result.status == 1 && result.err.isEmpty) {
                            let count = result.lines.count
                            if count < previous { log.problem("searcher \(index): \(count) matches after \(previous)") }
                            previous = count
                            log.add(index, count)
                        } else if !(result.status == 1 && result.err.contains("no archive at")) {
                            // Before the first run creates the archive a search may find none.
                            log.problem("searcher \(index): \(result)")
                        }
                    } catch {
                        log.problem("searcher \(index): \(error)")
                    }
                    if last { break }
                }
            }
            searchers.append(searcher)
        }
        recorder.start()
        searchers.forEach { $0.start() }
        done.wait()
        finished.wait()
        let run = try #require(try recorded?.get())
        #expect(run.status == 0, "\(run)")
        #expect(log.problems.isEmpty, "\(log.problems.prefix(5))")
        let expected = (lineCount + 999) / 1000
        for (index, counts) in log.counts.enumerated() {
            #expect(counts.count >= 2, "searcher \(index) ran \(counts.count) times")
            #expect(counts.last == expected, "searcher \(index) ended with \(counts.last ?? -1) of \(expected) matches")
        }
    }
}
