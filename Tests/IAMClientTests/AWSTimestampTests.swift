import Foundation
import Testing

@testable import IAMClient

@Suite("ISO 8601 timestamps in responses")
struct AWSTimestampTests {
    @Test(
        "accepted forms",
        arguments: [
            ("2026-03-14T09:26:53Z", 1_773_480_413.0),
            ("2026-03-14T09:26:53.5Z", 1_773_480_413.5),
            ("2026-03-14T09:26:53.228939Z", 1_773_480_413.228939),
            ("2026-03-14T11:26:53+02:00", 1_773_480_413.0),
            ("2026-03-14T04:26:53-05:00", 1_773_480_413.0),
            ("1970-01-01T00:00:00Z", 0.0),
            ("2024-02-29T12:00:00Z", 1_709_208_000.0),
            ("1969-12-31T23:59:59Z", -1.0),
        ])
    func accepted(text: String, seconds: Double) throws {
        let date = try #require(AWSTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(
        "refused forms",
        arguments: [
            "", "2026-03-14", "2026-03-14 09:26:53Z", "2026-13-14T09:26:53Z", "2026-03-14T25:26:53Z",
            "2026-03-14T09:26:53", "2026-03-14T09:26:53.Z", "2026-03-14T09:26:53Zjunk", "2026-03-14T09:26:53+0200",
        ])
    func refused(text: String) {
        #expect(AWSTimestamp.parse(text) == nil)
    }
}
