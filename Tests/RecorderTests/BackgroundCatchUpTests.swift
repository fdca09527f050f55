import Archive
import Foundation
@testable import Recorder
import Testing

/// `scrollvault index --background`: catches up once, and never works on an archive that is
/// gone or that another catch-up already has.
@Suite struct BackgroundCatchUpTests {
    /// An archive in a fresh directory holding one session whose chunks are all unindexed.
    static func archiveWithBacklog(lines: Int = 2_000) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scrollvault-catchup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/archive.sqlite"
        let archive = try Archive(path: path, mode: .readWrite)
        defer { archive.close() }
        let session = try archive.beginSession(SessionInfo(name: "backlog"))
        var options = ArchiveWriter.Options()
        options.indexing = .held
        let writer = try ArchiveWriter(path: path, session: session, options: options, onError: { _ in })
        for i in 1...lines { writer.append(ArchiveLine(text: "line \(i)", timestamp: Int64(i))) }
        writer.finish()
        try archive.finishSession(session, state: .finished, exitStatus: 0, endedAt: 3_000, title: nil)
        #expect(try archive.hasIndexBacklog())
        return path
    }

    /// Asks the catch-up working on `path` to stop as soon as it listens on its claim; false
    /// when it ended (signalled `finished`, which is signalled again for the caller) without
    /// ever listening. A plain thread loop, not an async one: a task yielding to a busy
    /// cooperative pool was not run again until the catch-up had finished (seen under the full
    /// suite).
    static func askToStopOnceListening(path: String, finished: DispatchSemaphore) -> Bool {
        while !BackgroundCatchUp.askToStop(path: path) {
            if finished.wait(timeout: .now()) == .success {
                finished.signal()
                return false
            }
            sched_yield()
        }
        return true
    }

    static func hasBacklog(_ path: String) throws -> Bool {
        let archive = try Archive(path: path, mode: .readOnly)
        defer { archive.close() }
        return try archive.hasIndexBacklog()
    }

    @Test func catchesUpCompletely() throws {
        let path = try Self.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try BackgroundCatchUp.run(path: path, patience: .none))
        #expect(try !Self.hasBacklog(path))
    }

    @Test func stepsAsideWhenAnotherCatchUpHoldsTheArchive() throws {
        let path = try Self.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let identity = try #require(FileIdentity(path: path))
        var other = BackgroundCatchUp.claim(identity)   // the catch-up already at work
        #expect(other != nil)
        #expect(BackgroundCatchUp.claim(identity) == nil)
        #expect(try !BackgroundCatchUp.run(path: path))
        #expect(try Self.hasBacklog(path))
        other = nil   // it ended: the archive is free again
        #expect(try BackgroundCatchUp.run(path: path, patience: .none))
        #expect(try !Self.hasBacklog(path))
    }

    @Test func stopsWhenAStartingSessionAsks() throws {
        let path = try Self.archiveWithBacklog(lines: 60_000)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let finished = DispatchSemaphore(value: 0)
        let result = UncheckedBox(ResultBox())
        let catchUp = Thread {
            result.value.value = Result { () throws(ArchiveError) -> Bool in try BackgroundCatchUp.run(path: path, patience: .none) }
            finished.signal()
        }
        catchUp.start()
        // Asked as soon as it listens on its claim, it has ~940 chunks to go, 32 per slice.
        let asked = Self.askToStopOnceListening(path: path, finished: finished)
        #expect(asked, "the catch-up listens on its claim while it works")
        finished.wait()
        #expect(try result.value.value?.get() == true)
        #expect(try Self.hasBacklog(path), "it stopped before catching up")
        // The slice it was in rolled back or committed whole: the archive is consistent and a
        // later catch-up finishes the work.
        #expect(try BackgroundCatchUp.run(path: path, patience: .none))
        #expect(try !Self.hasBacklog(path))
    }

    @Test func askingWithNoCatchUpRunningDoesNothing() throws {
        let path = try Self.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        BackgroundCatchUp.askToStop(path: path)
        #expect(try BackgroundCatchUp.run(path: path, patience: .none))
        #expect(try !Self.hasBacklog(path))
    }

    @Test func leavesADeletedArchiveAlone() throws {
        let path = try Self.archiveWithBacklog()
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.removeItem(atPath: directory)
        #expect(try !BackgroundCatchUp.run(path: path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aReplacedFileHasAnotherIdentity() throws {
        let path = try Self.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let before = try #require(FileIdentity(path: path))
        let other = path + ".new"
        try Data("x".utf8).write(to: URL(fileURLWithPath: other))
        #expect(rename(other, path) == 0)
        #expect(FileIdentity(path: path) != before)
    }
}

/// Where the catch-up thread of a test leaves its result.
private final class ResultBox {
    var value: Result<Bool, ArchiveError>?
}
