import Archive
import Foundation
@testable import Recorder
import Testing

/// `scrollvault index --background`: catches up once, and never works on an archive that is
/// gone or that another catch-up already has.
@Suite struct BackgroundCatchUpTests {
    /// An archive in a fresh directory holding one session whose chunks are all unindexed.
    static func archiveWithBacklog() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scrollvault-catchup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/archive.sqlite"
        let archive = try Archive(path: path, mode: .readWrite)
        defer { archive.close() }
        let session = try archive.beginSession(SessionInfo(name: "backlog"))
        var options = ArchiveWriter.Options()
        options.indexing = .held
        let writer = try ArchiveWriter(path: path, session: session, options: options, onError: { _ in })
        for i in 1...2_000 { writer.append(ArchiveLine(text: "line \(i)", timestamp: Int64(i))) }
        writer.finish()
        try archive.finishSession(session, state: .finished, exitStatus: 0, endedAt: 3_000, title: nil)
        #expect(try archive.hasIndexBacklog())
        return path
    }

    static func hasBacklog(_ path: String) throws -> Bool {
        let archive = try Archive(path: path, mode: .readOnly)
        defer { archive.close() }
        return try archive.hasIndexBacklog()
    }

    @Test func catchesUpCompletely() throws {
        let path = try Self.archiveWithBacklog()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try BackgroundCatchUp.run(path: path))
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
        #expect(try BackgroundCatchUp.run(path: path))
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
