import Archive
import FoundationEssentials
import Glibc
import PageStore
import PTY
import RecordingFormats
import Redaction
import Support

/// `scrollvault import`: a recording (raw bytes, a typescript, an asciicast) through the same
/// emulator and page store as `run`, into a new session.
public enum Importer {
    public struct Request: Sendable {
        /// A file path, or `-` for standard input.
        public var source: String
        public var format: RecordingFormat?
        public var timingPath: String?
        public var columns: Int?
        public var rows: Int?
        /// Nil: a regular file is named after itself (`ImportedSessionName`); standard input,
        /// pipes and other special files stay unnamed.
        public var name: String?
        public var scrollbackBudget: Int = PageList.defaultBudget
        public var databasePath: String
        /// Nil: the recording is archived verbatim (`--no-redact`).
        public var redactor: Redactor? = .builtIn

        public init(source: String, databasePath: String) {
            self.source = source
            self.databasePath = databasePath
        }
    }

    public struct Outcome: Sendable {
        public var session: Int64
        /// The session's name, given or chosen (nil when unnamed or unknown).
        public var name: String?
        public var lines: Int64
        public var bytes: Int64
        /// Where and why reading stopped early, when the input was malformed or truncated;
        /// everything before that point was imported.
        public var stoppedEarly: String?
    }

    /// Imports the recording. `progress` is called now and then with the bytes read so far,
    /// and once more when all is read.
    public static func run(_ request: Request, progress: ((Int64) -> Void)? = nil) throws(RecorderError) -> Outcome {
        let fd: Int32
        if request.source == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(request.source, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw RecorderError("cannot read \(request.source): \(String(cString: strerror(errno)))") }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }

        var decoder: any RecordingDecoder
        do {
            decoder = try makeRecordingDecoder(format: request.format, fileDescriptor: fd, timingPath: request.timingPath)
        } catch {
            throw RecorderError("cannot import \(request.source): \(error)")
        }
        let header = decoder.header
        // A header that says 0x0 (seen in the wild) means "unknown", not a zero-sized terminal.
        let columns = request.columns ?? header.columns.flatMap { $0 > 0 ? $0 : nil } ?? 80
        let rows = request.rows ?? header.rows.flatMap { $0 > 0 ? $0 : nil } ?? 24
        let start = header.startTime.map(milliseconds) ?? Clock.nowMilliseconds()
        let nameStem = request.name == nil && isRegularFile(fd) ? ImportedSessionName.stem(forFile: request.source) : nil
        let info = SessionInfo(
            name: request.name, nameStem: nameStem, source: .import, command: "import \(request.source)",
            workingDirectory: FileManager.default.currentDirectoryPath, host: hostName(),
            startedAt: start, columns: columns, rows: rows)

        let session: ArchiveSession
        do {
            session = try ArchiveSession(path: request.databasePath, info: info) { message in
                StandardError.write("scrollvault: \(message)\n")
            }
        } catch {
            throw RecorderError("cannot open the archive \(request.databasePath): \(error)")
        }

        let pipeline = RecordingPipeline(writer: session.writer, redactor: request.redactor, columns: columns, rows: rows,
                                         scrollbackBudget: request.scrollbackBudget)
        pipeline.onArchivingPaused = { session.recordPause($0, at: $1) }
        var bytes: Int64 = 0
        var stoppedEarly: String?
        var lastProgress: Int64 = 0
        do {
            while let event = try decoder.next() {
                switch event {
                case .output(let data, let time):
                    let at = time.map { start + milliseconds($0) } ?? start
                    data.withUnsafeBytes { pipeline.feed($0, at: at) }
                    // The next read may wait on a slow pipe: its lines go to the writer first.
                    pipeline.flushLines()
                    bytes += Int64(data.count)
                    if let progress, bytes - lastProgress >= 1 << 20 {
                        lastProgress = bytes
                        progress(bytes)
                    }
                case .resize(let newColumns, let newRows, _):
                    pipeline.resize(columns: newColumns, rows: newRows)
                }
            }
        } catch {
            stoppedEarly = "\(error)"
        }
        // All read: what follows (the last lines, the index) keeps no count.
        progress?(bytes)
        let lines = pipeline.finish()
        let ending = decoder.ending
        let end = recordedEnd(start: start, startIsRecorded: header.startTime != nil, ending: ending)
        let finishFailure = session.finish(state: .finished, exitStatus: ending.exitStatus, title: pipeline.title,
                                           endedAt: end ?? start, durationKnown: end != nil)
        if let failure = session.failure ?? finishFailure {
            throw RecorderError("the archive failed during import after \(lines) lines: \(failure)")
        }
        // The archive picked the name (demo-2?) inside its insert: read back what it chose.
        let name = request.name ?? nameStem.flatMap { _ in
            try? Archive(path: request.databasePath, mode: .readOnly).session(id: session.id)?.name
        }
        return Outcome(session: session.id, name: name, lines: lines, bytes: bytes, stoppedEarly: stoppedEarly)
    }

    /// When the recording ended, in ms: its start plus its duration (last event, or stated),
    /// else the end time it states (a typescript's footer without a timing file; only
    /// comparable when the start came from the file too). The footer's whole seconds lose to a
    /// timing file's microseconds: script's header and footer are both truncated, so their
    /// difference is up to a second off. Nil when the recording says nothing about its end.
    static func recordedEnd(start: Int64, startIsRecorded: Bool, ending: RecordingEnding) -> Int64? {
        if let duration = ending.duration { return start + milliseconds(max(duration, 0)) }
        if startIsRecorded, let endTime = ending.endTime { return max(milliseconds(endTime), start) }
        return nil
    }

    private static func isRegularFile(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// Seconds (from a recording, so possibly absurd) to ms, within ±31,000 years: an event at
/// 1e300 s must not trap the conversion.
private func milliseconds(_ seconds: Double) -> Int64 {
    guard seconds.isFinite else { return 0 }
    return Int64((min(max(seconds, -1e12), 1e12) * 1000).rounded())
}
