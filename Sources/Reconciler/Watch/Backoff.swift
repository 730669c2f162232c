/// Jittered exponential backoff after failures: how long a watch waits before trying again.
///
/// The first retry waits `base`, each further one twice as long, never more than `maximum`.
/// The wait is then scaled by a jitter factor between `1 - jitterFraction` and 1, so that
/// watchers that failed together do not retry together. A pure function of the failure count
/// and the jitter value, which the caller draws.
package struct Backoff: Sendable, Equatable {
    /// The wait after the first failure.
    package var base: Duration
    /// The longest wait.
    package var maximum: Duration
    /// How much of the wait jitter may take away, from 0 (none) to 1.
    package var jitterFraction: Double

    /// A backoff; `maximum` is raised to `base` when smaller.
    package init(base: Duration, maximum: Duration, jitterFraction: Double = 0.2) {
        self.base = base
        self.maximum = max(base, maximum)
        self.jitterFraction = min(max(jitterFraction, 0), 1)
    }

    /// The wait after `failures` consecutive failures (1 for the first), with `jitter` drawn
    /// uniformly from 0 to 1 (1 gives the longest wait).
    package func delay(afterFailures failures: Int, jitter: Double) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let doubled = base * (1 << exponent)
        let capped = min(doubled, maximum)
        let factor = 1 - jitterFraction * (1 - min(max(jitter, 0), 1))
        return capped * factor
    }
}
