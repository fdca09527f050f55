import Glibc
import RecordingFormats
import Testing

/// Inputs found by Fuzz/ImportFuzzer, kept as regression tests.
@Suite struct FuzzImportRegressionTests {
    /// Found by fuzz-import (crash-96328d…): a typescript whose advanced timing file has an
    /// unknown entry type. The decoder throws, and after that `next()` must hand out nothing.
    @Test func decoderIsFinishedAfterAThrow() throws {
        let typescript = "Script started on 2024-01-01 10:00:00+00:00\r\nhello\r\nScript done\n"
        let timing = "O 0.1 7\n( 0.0 TERM xterm\nO 0.2 7\n"
        let directory = "/tmp/scrollvault-fuzzreg-\(getpid())"
        mkdir(directory, 0o700)
        defer { unlink(directory + "/t"); unlink(directory + "/m"); rmdir(directory) }
        func write(_ path: String, _ text: String) {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        write(directory + "/t", typescript)
        write(directory + "/m", timing)
        let fd = open(directory + "/t", O_RDONLY)
        defer { close(fd) }
        var decoder = try makeRecordingDecoder(format: .typescript, fileDescriptor: fd, timingPath: directory + "/m")
        var threw = false
        var afterThrow: [RecordingEvent] = []
        for _ in 0..<10 {
            do {
                guard let event = try decoder.next() else { break }
                if threw { afterThrow.append(event) }
            } catch {
                #expect(!error.reason.isEmpty)
                threw = true
            }
        }
        #expect(threw, "the unknown timing entry is an error")
        #expect(afterThrow.isEmpty, "\(afterThrow)")
    }
}
