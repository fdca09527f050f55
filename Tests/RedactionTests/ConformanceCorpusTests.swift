import FoundationEssentials
import Redaction
import Testing

/// Real programs' output (the conformance corpus beside the repository: bash, vim, less, pip,
/// ls, CJK text, a 1,000-line listing) holds no secret, so redaction must change none of it:
/// every line the corpus renders to, and every line of its raw streams, counted.
@Suite(.enabled(if: CorpusTexts.isAvailable, "../shared/conformance is not beside the repository"))
struct ConformanceCorpusTests {
    /// What redaction found on the corpus when this test was written: nothing.
    static let expectedRedactions: [String] = []

    @Test func noFalsePositives() throws {
        var found: [String] = []
        var lines = 0
        for file in try CorpusTexts.files() {
            let text = String(decoding: try CorpusTexts.read(file), as: UTF8.self)
            let redactor = Redactor.builtIn.makeLineRedactor()
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines += 1
                if let redacted = redactor.redact(String(line)) { found.append("\(file):\(number + 1): \(redacted)") }
            }
        }
        #expect(lines > 1_000)
        #expect(found == Self.expectedRedactions)
    }
}

enum CorpusTexts {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/shared/conformance"
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/expected") }

    /// The rendered texts and the raw streams, as paths under `root`.
    static func files() throws -> [String] {
        var all: [String] = []
        for (directory, suffix) in [("expected", ".txt"), ("streams", ".raw")] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root + "/" + directory)
            all += names.filter { $0.hasSuffix(suffix) }.sorted().map { directory + "/" + $0 }
        }
        return all
    }

    static func read(_ file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + "/" + file) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return [UInt8](data)
    }
}
