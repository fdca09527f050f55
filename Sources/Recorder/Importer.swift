import Archive
import FoundationEssentials
import Glibc
import PageStore
import PTY

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
        public var name: String?
        public var scrollbackBudget: Int = PageList.defaultBudget
        public var databasePath: String

        public init(source: String, databasePath: String) {
            self.source = source
            self.databasePath = databasePath
        }
    }

    public struct Outcome: Sendable {
        public var session: Int64
        public var lines: Int64
        public var bytes: Int64
        /// Where and why reading stopped early, when the input was malformed or truncated;
        /// everything before that point was imported.
        public var stoppedEarly: String?
    }

    /// Imports the recording. `progress` is called now and then with the bytes read so far.
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
        let start = header.startTime.map { Int64($0 * 1000) } ?? Clock.nowMilliseconds()
        let info = SessionInfo(
            name: request.name, command: "import \(request.source)",
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

        let pipeline = RecordingPipeline(writer: session.writer, columns: columns, rows: rows,
                                         scrollbackBudget: request.scrollbackBudget)
        var bytes: Int64 = 0
        var stoppedEarly: String?
        var lastProgress: Int64 = 0
        do {
            while let event = try decoder.next() {
                switch event {
                case .output(let data, let time):
                    let at = time.map { start + Int64($0 * 1000) } ?? start
                    data.withUnsafeBytes { pipeline.feed($0, at: at) }
                    // The next read may wait on a slow pipe: its lines go to the writer first.
                    pipeline.flushLines()
                    bytes += Int64(data.count)
                    if let progress, bytes - lastProgress >= 1 << 22 {
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
        let lines = pipeline.finish()
        let finishFailure = session.finish(state: .finished, exitStatus: nil, title: pipeline.title)
        if let failure = session.failure ?? finishFailure {
            throw RecorderError("the archive failed during import after \(lines) lines: \(failure)")
        }
        return Outcome(session: session.id, lines: lines, bytes: bytes, stoppedEarly: stoppedEarly)
    }
}
