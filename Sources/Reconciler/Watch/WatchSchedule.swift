package import FoundationEssentials

/// What a watch decides on each tick, with no I/O: whether to reconcile and how long to wait.
///
/// A reconcile is due when none has run yet, when the manifest folder's tree at the branch head
/// differs from the one last reconciled (a commit that changes only `status/` or other files
/// leaves it the same, so it starts nothing), when `resync` has passed since the last reconcile
/// (to undo drift made in AWS), or when the last attempt failed and its backoff has passed.
/// Failures and runs that left channels unconverged back off exponentially, never longer than
/// `resync`, and a success resets the count. A change of the manifests does not wait for a
/// backoff: it is likely the fix.
package struct WatchSchedule: Sendable, Equatable {
    /// Why a reconcile starts; the log line names it.
    package enum Trigger: String, Sendable, Equatable {
        /// The first reconcile of this watch, or the first after taking the lease.
        case start
        /// The manifest folder's tree changed.
        case manifests
        /// `resync` passed without a change.
        case resync
        /// The last attempt failed or left channels unconverged.
        case retry
    }

    /// The time between polls.
    package let interval: Duration
    /// The longest time between reconciles.
    package let resync: Duration
    /// The waits after failures.
    package let backoff: Backoff

    /// The manifest tree of the last completed reconcile; `.some(nil)` for a head without the
    /// folder, nil before any.
    package private(set) var reconciledTree: String??
    /// When the last completed reconcile ended.
    package private(set) var reconciledAt: Date?
    /// Consecutive failed or unconverged attempts.
    package private(set) var failures = 0
    /// When a retry is due after a failure.
    package private(set) var retryAt: Date?

    /// A schedule polling every `interval` and reconciling at least every `resync`.
    package init(interval: Duration, resync: Duration, backoff: Backoff) {
        self.interval = interval
        self.resync = resync
        self.backoff = backoff
    }

    /// Whether to reconcile a head whose manifest tree is `tree`, and why; nil to wait.
    package func trigger(tree: String?, at now: Date) -> Trigger? {
        guard let reconciledTree, let reconciledAt else {
            if let retryAt, now < retryAt { return nil }
            return failures > 0 ? .retry : .start
        }
        if reconciledTree != tree { return .manifests }
        if let retryAt {
            return now >= retryAt ? .retry : nil
        }
        if now >= reconciledAt.addingTimeInterval(Self.seconds(resync)) { return .resync }
        return nil
    }

    /// Records a reconcile of `tree` that ended at `now` with every channel converged.
    package mutating func recordSuccess(tree: String?, at now: Date) {
        reconciledTree = .some(tree)
        reconciledAt = now
        failures = 0
        retryAt = nil
    }

    /// Records a reconcile of `tree` that completed but left channels unconverged.
    ///
    /// A failed step, a conflict or a refusal: the run counts as done for `tree`, and is tried
    /// again after a backoff, which is returned.
    @discardableResult
    package mutating func recordUnconverged(tree: String?, at now: Date, jitter: Double) -> Duration {
        reconciledTree = .some(tree)
        reconciledAt = now
        return scheduleRetry(at: now, jitter: jitter)
    }

    /// Records an attempt that failed before completing (the network, IAM, a push); returns the
    /// backoff before the next attempt.
    @discardableResult
    package mutating func recordFailure(at now: Date, jitter: Double) -> Duration {
        scheduleRetry(at: now, jitter: jitter)
    }

    /// Forgets everything, so that the next tick reconciles at once; used after taking the
    /// lease, since another holder may have reconciled meanwhile.
    package mutating func reset() {
        reconciledTree = nil
        reconciledAt = nil
        failures = 0
        retryAt = nil
    }

    /// How long to wait before the next tick: `interval`, or less when a retry falls due sooner.
    package func delay(at now: Date) -> Duration {
        guard let retryAt else { return interval }
        let untilRetry = retryAt.timeIntervalSince(now)
        guard untilRetry < Self.seconds(interval) else { return interval }
        return .milliseconds(Int64(max(untilRetry, 0) * 1000))
    }

    private mutating func scheduleRetry(at now: Date, jitter: Double) -> Duration {
        failures += 1
        let wait = min(backoff.delay(afterFailures: failures, jitter: jitter), resync)
        retryAt = now.addingTimeInterval(Self.seconds(wait))
        return wait
    }

    /// A duration in seconds, for date arithmetic.
    package static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
