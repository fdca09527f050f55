import Foundation
import Testing
@testable import scrollvault
import TimeText

/// `--since` / `--until` values: relative amounts, calendar dates and ISO 8601 times.
@Suite struct TimeParsingTests {
    /// 2026-11-20T14:30:05Z.
    static let instant: Int64 = 1_795_185_005_000

    @Test func utcAndOffsetTimesNameTheSameInstant() {
        #expect(parseTime("2026-11-20T14:30:05Z") == Self.instant)
        #expect(parseTime("2026-11-20T14:30:05.250Z") == Self.instant + 250)
        #expect(parseTime("2026-11-20T14:30:05,5z") == Self.instant + 500)
        #expect(parseTime("2026-11-20T15:30:05+01:00") == Self.instant)
        #expect(parseTime("2026-11-20T09:30:05-0500") == Self.instant)
        #expect(parseTime("  2026-11-20 14:30:05Z\t") == Self.instant)
        #expect(parseTime("2026-11-20T14:30Z") == Self.instant - 5_000)
    }

    @Test func timesWithoutAZoneAreLocal() {
        // The local reading of the same wall-clock time, whatever zone the tests run in.
        var parts = tm()
        parts.tm_year = 2026 - 1900
        parts.tm_mon = 10
        parts.tm_mday = 20
        parts.tm_hour = 14
        parts.tm_min = 30
        parts.tm_isdst = -1
        let local = Int64(mktime(&parts)) * 1000
        #expect(parseTime("2026-11-20 14:30") == local)
        #expect(parseTime("2026-11-20T14:30:00") == local)
        #expect(parseTime("2026-11-20") == local - (14 * 3600 + 30 * 60) * 1000)
    }

    @Test func relativeAmountsCountBackFromNow() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let nowMilliseconds: Int64 = 1_800_000_000_000
        #expect(parseTime("2h", now: now) == nowMilliseconds - 7_200_000)
        #expect(parseTime("1.5d", now: now) == nowMilliseconds - 129_600_000)
        #expect(parseTime("1w", now: now) == nowMilliseconds - 604_800_000)
    }

    @Test(arguments: ["", "yesterday", "2026-02-30", "2026-13-01", "2026-11-20T25:00Z", "2026-11-20T14:30:05.Z",
                      "2026-11-20T14", "2026-11-20Z+", "2026-11-20T14:30+0", "20261120", "2026-11-20 14:30 extra"])
    func malformedTimesAreRejected(text: String) {
        #expect(parseTime(text) == nil, "\(text)")
    }

    @Test func byteSizesIgnoreSurroundingSpace() {
        #expect(parseByteSize(" 16MiB ") == 16 << 20)
        #expect(parseByteSize("512 k") == 512 << 10)
        #expect(parseByteSize("1.5G") == 3 << 29)
        #expect(parseByteSize("12 parsecs") == nil)
    }
}
