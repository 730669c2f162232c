import Testing

@testable import ChannelCore

/// RFC 3339 text and the seconds it means (nil: refused).
struct TimestampCase: CustomTestStringConvertible, Sendable {
    var reason: String
    var text: String
    var seconds: Int64?
    var testDescription: String { reason }
}

@Suite("Timestamp")
struct TimestampTests {
    static let cases: [TimestampCase] = [
        TimestampCase(reason: "the epoch", text: "1970-01-01T00:00:00Z", seconds: 0),
        TimestampCase(reason: "a second before the epoch", text: "1969-12-31T23:59:59Z", seconds: -1),
        TimestampCase(reason: "a leap day", text: "2000-02-29T12:34:56Z", seconds: 951_827_696),
        TimestampCase(reason: "the first year", text: "0001-01-01T00:00:00Z", seconds: -62_135_596_800),
        TimestampCase(reason: "the last second of 9999", text: "9999-12-31T23:59:59Z", seconds: 253_402_300_799),
        TimestampCase(reason: "fractions are dropped", text: "2026-01-31T09:30:00.999Z", seconds: 1_769_851_800),
        TimestampCase(reason: "an offset east of UTC", text: "2026-01-31T10:30:00+01:00", seconds: 1_769_851_800),
        TimestampCase(reason: "an offset west of UTC", text: "2026-01-31T04:00:00-05:30", seconds: 1_769_851_800),
        TimestampCase(reason: "t and z in lower case", text: "2026-01-31t09:30:00z", seconds: 1_769_851_800),
        TimestampCase(reason: "no zone is refused", text: "2026-01-31T09:30:00", seconds: nil),
        TimestampCase(reason: "a space for T is refused", text: "2026-01-31 09:30:00Z", seconds: nil),
        TimestampCase(reason: "29 February of a common year", text: "2025-02-29T00:00:00Z", seconds: nil),
        TimestampCase(reason: "29 February of 1900", text: "1900-02-29T00:00:00Z", seconds: nil),
        TimestampCase(reason: "month 13", text: "2026-13-01T00:00:00Z", seconds: nil),
        TimestampCase(reason: "day 0", text: "2026-01-00T00:00:00Z", seconds: nil),
        TimestampCase(reason: "31 April", text: "2026-04-31T00:00:00Z", seconds: nil),
        TimestampCase(reason: "hour 24", text: "2026-01-31T24:00:00Z", seconds: nil),
        TimestampCase(reason: "second 60", text: "2026-01-31T23:59:60Z", seconds: nil),
        TimestampCase(reason: "year 0", text: "0000-01-01T00:00:00Z", seconds: nil),
        TimestampCase(reason: "a dot without digits", text: "2026-01-31T09:30:00.Z", seconds: nil),
        TimestampCase(reason: "trailing text", text: "2026-01-31T09:30:00Zx", seconds: nil),
        TimestampCase(reason: "an offset without minutes", text: "2026-01-31T09:30:00+01", seconds: nil),
        TimestampCase(reason: "an empty string", text: "", seconds: nil),
        TimestampCase(reason: "a date alone", text: "2026-01-31", seconds: nil),
    ]

    @Test("RFC 3339 text is read to the second, or refused", arguments: cases)
    func parsing(_ testCase: TimestampCase) {
        #expect(Timestamp(rfc3339: testCase.text)?.secondsSince1970 == testCase.seconds)
    }

    @Test("formatting is UTC without fractions and reads back to the same second")
    func formatting() throws {
        for seconds: Int64 in [0, -1, 951_827_696, -62_135_596_800, 253_402_300_799, 1_769_851_800] {
            let text = Timestamp(secondsSince1970: seconds).rfc3339
            #expect(Timestamp(rfc3339: text)?.secondsSince1970 == seconds, "\(text)")
        }
        #expect(Timestamp(secondsSince1970: 951_827_696).rfc3339 == "2000-02-29T12:34:56Z")
        #expect(Timestamp(secondsSince1970: -1).rfc3339 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(secondsSince1970: 1_769_851_800).date == "2026-01-31")
    }

    @Test("every day from 1900 to 2100 formats and parses back")
    func everyDay() {
        var seconds: Int64 = -2_208_988_800
        var failures = 0
        while seconds < 4_102_444_800 {
            let stamp = Timestamp(secondsSince1970: seconds + 43_261)
            if Timestamp(rfc3339: stamp.rfc3339) != stamp { failures += 1 }
            seconds += Timestamp.secondsPerDay
        }
        #expect(failures == 0)
        #expect(Timestamp(secondsSince1970: -2_208_988_800).rfc3339 == "1900-01-01T00:00:00Z")
    }

    @Test("whole days between two times round down, also before the epoch")
    func days() throws {
        let start = try #require(Timestamp(rfc3339: "2026-01-01T12:00:00Z"))
        #expect(start.adding(days: 30).rfc3339 == "2026-01-31T12:00:00Z")
        #expect(start.adding(days: -1).rfc3339 == "2025-12-31T12:00:00Z")
        #expect(start.adding(days: 30).days(since: start) == 30)
        #expect(Timestamp(secondsSince1970: start.secondsSince1970 + 86_399).days(since: start) == 0)
        #expect(Timestamp(secondsSince1970: start.secondsSince1970 - 1).days(since: start) == -1)
        #expect(Timestamp(secondsSince1970: -1).days(since: Timestamp(secondsSince1970: 0)) == -1)
    }
}
