@testable import Recorder
import RecordingFormats
import Testing

/// An imported session's end, from its start and what its recording said about the end.
@Suite struct ImportedSessionEndTests {
    @Test func importedSessionEndsAtStartPlusDurationOrAtTheStatedEnd() {
        let start: Int64 = 1_795_537_079_000
        #expect(Importer.recordedEnd(start: start, startIsRecorded: true, ending: RecordingEnding(duration: 12.25))
                == start + 12_250)
        // A timing file's duration beats the footer's whole seconds (script 0.31 s long, whose
        // header and footer dates differ by one second).
        #expect(Importer.recordedEnd(start: start, startIsRecorded: true,
                                     ending: RecordingEnding(duration: 0.3125, endTime: 1_795_537_080)) == start + 313)
        // Without a timing file, the footer's date.
        #expect(Importer.recordedEnd(start: start, startIsRecorded: true, ending: RecordingEnding(endTime: 1_795_537_084))
                == start + 5_000)
        // A stated end is only comparable with a start that came from the file too.
        #expect(Importer.recordedEnd(start: start, startIsRecorded: false, ending: RecordingEnding(endTime: 1_795_537_084)) == nil)
        #expect(Importer.recordedEnd(start: start, startIsRecorded: true, ending: RecordingEnding()) == nil)
        // An absurd time does not trap.
        #expect(Importer.recordedEnd(start: start, startIsRecorded: true, ending: RecordingEnding(duration: 1e300)) != nil)
    }
}
