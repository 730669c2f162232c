import ChannelCore
import ChannelLog
import Foundation
import Reconciler

/// The clock a run judges key ages, rotations and grace periods by: the system's, or the time
/// `CHANNELOPS_NOW` names, which exists for tests and rehearsals.
enum ClockSetting {
    /// The variable that replaces the clock.
    static let variable = "CHANNELOPS_NOW"

    /// The run's clock; logs a warning when the variable replaces it.
    ///
    /// - Throws: `ClockSettingError` when the variable is set but is not an RFC 3339 time.
    static func clock(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) throws(ClockSettingError) -> Reconciler.Clock {
        guard let text = environment[variable] else {
            return Reconciler.systemClock
        }
        guard let now = Timestamp(rfc3339: text) else {
            throw ClockSettingError(text: text)
        }
        logger.warning("the clock is set by \(variable), for tests and rehearsals", ["now": now.rfc3339])
        return { now }
    }
}

/// `CHANNELOPS_NOW` holds something that is not an RFC 3339 time.
struct ClockSettingError: Error, CustomStringConvertible {
    var text: String

    var description: String {
        "\(ClockSetting.variable) is \(String(reflecting: text)), not an RFC 3339 time such as "
            + "2026-01-31T09:30:00Z; correct it, or unset it to use the system clock"
    }
}
