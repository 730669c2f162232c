package import FoundationEssentials

/// The dates a run records (`lastReconciled`, the status commit's date), and `CHANNELOPS_NOW`,
/// which replaces the clock for them.
///
/// `CHANNELOPS_NOW` (RFC 3339, for example `2024-05-01T12:00:00Z`) exists for tests and
/// rehearsals: with it, two runs on the same state write byte-identical status files and
/// commits dated alike. It fixes everything that depends on dates, never the timing of a
/// watch or a lease.
package struct RecordedTime: Sendable {
    /// The name of the variable.
    package static let variable = "CHANNELOPS_NOW"

    /// The fixed time, or nil to read the system clock.
    package let fixed: Date?

    /// The system clock, or `fixed` when given.
    package init(fixed: Date? = nil) {
        self.fixed = fixed
    }

    /// Reads `CHANNELOPS_NOW` from `environment`; unset or empty means the system clock.
    ///
    /// - Throws: `RecordedTimeError` when the value is not an RFC 3339 time.
    package init(environment: [String: String]) throws(RecordedTimeError) {
        guard let text = environment[Self.variable], !text.isEmpty else {
            self.init()
            return
        }
        guard let date = Self.parse(text) else { throw RecordedTimeError(value: text) }
        self.init(fixed: date)
    }

    /// The time to record now.
    package func now() -> Date { fixed ?? Date() }

    /// `date` in RFC 3339 form, in UTC, to the second: `2024-05-01T12:00:00Z`.
    package static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Parses an RFC 3339 time with `Z` or an offset, with or without fractional seconds.
    package static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

/// `CHANNELOPS_NOW` holds something other than an RFC 3339 time.
package struct RecordedTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value found.
    package var value: String

    /// `CHANNELOPS_NOW '…' is not an RFC 3339 time; write it like 2024-05-01T12:00:00Z`.
    package var description: String {
        "\(RecordedTime.variable) '\(value)' is not an RFC 3339 time; write it like 2024-05-01T12:00:00Z, or unset it"
    }
}
