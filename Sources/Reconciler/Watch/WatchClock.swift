package import FoundationEssentials

/// The time and the waiting of a watch, injected so that tests decide both.
///
/// `now()` is the wall clock: lease expiries are compared across machines with it. It is never
/// replaced by `CHANNELOPS_NOW`, which fixes the dates a run records (see `RecordedTime`), since
/// a fixed clock would never let a lease expire.
package protocol WatchClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
    /// Waits until `deadline` by this clock; throws `CancellationError` when the task is
    /// cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system's clock and `Task.sleep`.
package struct SystemClock: WatchClock {
    /// The system clock.
    package init() {}

    package func now() -> Date { Date() }

    package func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }

    package func sleep(until deadline: Date) async throws {
        let seconds = max(deadline.timeIntervalSinceNow, 0)
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}
