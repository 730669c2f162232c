/// Durations on the command line: a whole number and a unit, such as `500ms`, `1s`, `30s`,
/// `1m`, `10m` or `1h`.
enum DurationOption {
    /// The units accepted and their length in seconds (0 for milliseconds), `ms` before `m`
    /// and `s` so that it is matched whole.
    private static let units: [(suffix: String, seconds: Int64)] = [("ms", 0), ("s", 1), ("m", 60), ("h", 3600)]

    /// The value of `--<option>`, or `fallback` when it is not given.
    ///
    /// - Throws: `UsageError` for anything but a positive whole number followed by a unit.
    static func parse(_ text: String?, option: String, fallback: Duration) throws(UsageError) -> Duration {
        guard let text else { return fallback }
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let count = Int64(digits), count > 0, count <= 1_000_000
            else { break }
            if unit.seconds > 0 { return .seconds(count * unit.seconds) }
            return .milliseconds(count)
        }
        throw UsageError(
            description: "--\(option): '\(text)' is not a duration; write a positive whole number and a unit, "
                + "such as 30s, 1m, 10m or 1h (ms for milliseconds)")
    }

    /// `90s` as `1m30s`, `500ms`, `10m`: the inverse of `parse` for messages.
    static func text(_ duration: Duration) -> String {
        let parts = duration.components
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        var seconds = milliseconds / 1000
        var text = ""
        if seconds >= 3600 {
            text += "\(seconds / 3600)h"
            seconds %= 3600
        }
        if seconds >= 60 {
            text += "\(seconds / 60)m"
            seconds %= 60
        }
        if seconds > 0 || text.isEmpty { text += "\(seconds)s" }
        return text
    }
}
