/// A moment in time, in whole seconds since 1970-01-01T00:00:00Z, with RFC 3339 text.
///
/// The core reads no clock: the caller passes the time (`DriftOptions.now`) and the dates IAM
/// returned, and the core compares them. Fractions of a second are dropped, since key ages and
/// grace periods count whole days. Leap seconds are not counted, as in Unix time.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z; negative before it.
    public var secondsSince1970: Int64

    /// The seconds in one day.
    public static let secondsPerDay: Int64 = 86_400

    /// Creates a timestamp from seconds since 1970-01-01T00:00:00Z.
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// Parses RFC 3339 text such as `2026-01-31T09:30:00Z`, `2026-01-31T09:30:00.123Z` or
    /// `2026-01-31T10:30:00+01:00`; nil for anything else.
    ///
    /// `T` and `Z` may be lower case, as RFC 3339 allows. The year runs from 0001 to 9999.
    public init?(rfc3339 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t"),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
            let second = scanner.number(2)
        else { return nil }
        if scanner.skip(".") {
            guard scanner.skipDigits() else { return nil }
        }
        var offset: Int64 = 0
        if !(scanner.skip("Z") || scanner.skip("z")) {
            let sign: Int64
            if scanner.skip("+") {
                sign = 1
            } else if scanner.skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = scanner.number(2), scanner.skip(":"), let offsetMinutes = scanner.number(2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.isAtEnd, year >= 1, (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Self.daysSince1970(year: year, month: month, day: day)
        secondsSince1970 = days * Self.secondsPerDay + hour * 3600 + minute * 60 + second - offset
    }

    /// The time in RFC 3339 as UTC, without fractions: `2026-01-31T09:30:00Z`.
    public var rfc3339: String {
        let days = Self.floorDivision(secondsSince1970, Self.secondsPerDay)
        let seconds = secondsSince1970 - days * Self.secondsPerDay
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        return "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))T"
            + "\(Self.padded(seconds / 3600, 2)):\(Self.padded(seconds % 3600 / 60, 2)):"
            + "\(Self.padded(seconds % 60, 2))Z"
    }

    /// The date alone, `2026-01-31`, for reports.
    public var date: String { String(rfc3339.prefix(10)) }

    /// The same as `rfc3339`.
    public var description: String { rfc3339 }

    /// This moment moved by `days` whole days (negative: earlier).
    public func adding(days: Int) -> Timestamp {
        Timestamp(secondsSince1970: secondsSince1970 + Int64(days) * Self.secondsPerDay)
    }

    /// How many whole days have passed from `earlier` to this moment; negative when `earlier`
    /// is later.
    public func days(since earlier: Timestamp) -> Int {
        Int(Self.floorDivision(secondsSince1970 - earlier.secondsSince1970, Self.secondsPerDay))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date in the proleptic Gregorian calendar, counting in eras
    /// of 400 years that start on 1 March, so that the leap day ends a year.
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivision(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSince1970(year:month:day:)`.
    private static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Reads fixed-width decimal fields and single characters from ASCII bytes.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    /// Reads exactly `width` digits as a number.
    mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + width] {
            guard ValidationRules.isDigit(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += width
        return value
    }

    /// Skips `character` if it comes next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Skips one or more digits; false when none comes next.
    mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, ValidationRules.isDigit(bytes[index]) { index += 1 }
        return index > start
    }
}
