import Foundation

/// A signing time in the two forms SigV4 uses: `20150830T123600Z` and the scope date `20150830`.
///
/// Computed arithmetically in UTC, with no formatter or calendar, so it is cheap and does not
/// depend on the process's locale or time zone.
struct AmzDate: Sendable, Equatable {
    /// The `X-Amz-Date` value, `yyyyMMdd'T'HHmmss'Z'`.
    let timestamp: String
    /// The credential scope's date, `yyyyMMdd`.
    let day: String

    /// Converts `date`, dropping fractions of a second.
    // Limitation: years outside 0...9999 are written with more or fewer digits than AWS accepts.
    init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.floorDividedBy(86_400)
        let (year, month, dayOfMonth) = Self.civilDate(daysSinceEpoch: days)
        let day = Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(dayOfMonth, 2)
        let time =
            Self.digits(secondOfDay / 3600, 2) + Self.digits(secondOfDay / 60 % 60, 2)
            + Self.digits(secondOfDay % 60, 2)
        self.day = day
        self.timestamp = day + "T" + time + "Z"
    }

    /// Returns the proleptic Gregorian year, month and day of a count of days since 1970-01-01.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        // Counts in 400-year eras starting on 0000-03-01, so that leap days fall at era ends.
        let shifted = daysSinceEpoch + 719_468
        let (era, dayOfEra) = shifted.floorDividedBy(146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Int64 {
    /// Quotient rounded towards negative infinity, and the matching non-negative remainder.
    fileprivate func floorDividedBy(_ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
