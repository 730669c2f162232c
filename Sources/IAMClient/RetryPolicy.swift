/// Decides whether a failed attempt is tried again and after how long, as the AWS SDKs' standard
/// retry mode does.
///
/// The decision is a pure function of the failure, the attempt number and a jitter value, so it
/// can be tested as a table; the client does the waiting. Retried: throttling error codes, HTTP
/// 429 and 5xx (except 501), transient error codes, refused connections, dropped connections and
/// timeouts. Never retried: TLS failures, client errors, cancellation. The wait before attempt
/// `n + 1` is `jitter × min(maxBackoff, baseDelay × 2^(n-1))` ("full jitter"), or the server's
/// `Retry-After` when that is longer, but never more than `maxBackoff`.
public struct RetryPolicy: Sendable, Equatable {
    /// How many attempts a call may make in total, the first included; at least 1.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry, before jitter.
    public var baseDelay: Duration
    /// The longest wait between two attempts.
    public var maxBackoff: Duration

    /// The SDKs' standard-mode default: three attempts in total.
    public static let defaultMaxAttempts = 3

    /// Creates a policy; `maxAttempts` below 1 is treated as 1.
    public init(
        maxAttempts: Int = RetryPolicy.defaultMaxAttempts,
        baseDelay: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(20)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// Error codes that mean "slow down"; from the SDKs' standard retry mode.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Error codes for failures that pass by themselves.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError",
    ]

    /// Returns whether to try again after `failure` ended attempt number `attempt` (1-based).
    ///
    /// `jitter` is a value in `0..<1` from the caller's random source; values outside are
    /// clamped.
    public func decision(after failure: AttemptFailure, attempt: Int, jitter: Double) -> RetryDecision {
        guard isRetryable(failure) else {
            return .giveUp(.notRetryable)
        }
        guard attempt < maxAttempts else {
            return .giveUp(.attemptsExhausted)
        }
        var wait = delay(afterAttempt: attempt, jitter: jitter)
        if case .response(_, _, let retryAfter?) = failure, retryAfter > wait {
            wait = min(retryAfter, maxBackoff)
        }
        return .retry(after: wait)
    }

    /// The jittered backoff after attempt `attempt` (1-based), without `Retry-After`.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        backoff(attempt: attempt) * min(max(jitter, 0), 1)
    }

    /// Whether the failure is of a kind that retrying can cure.
    public func isRetryable(_ failure: AttemptFailure) -> Bool {
        switch failure {
        case .response(let status, let code, _):
            if let code, Self.throttlingCodes.contains(code) || Self.transientCodes.contains(code) {
                return true
            }
            return status == 429 || (500...599).contains(status) && status != 501
        case .transport(let kind):
            switch kind {
            case .connect, .connectionReset, .timeout: return true
            case .tls, .cancelled, .other: return false
            }
        }
    }

    /// The upper bound of the wait after attempt `attempt`, before jitter.
    private func backoff(attempt: Int) -> Duration {
        // 2^(attempt-1) overflows nothing below 2^62; past the cap the exponent does not matter.
        let exponent = min(max(attempt - 1, 0), 40)
        let ceiling = baseDelay * Double(1 << exponent)
        return min(ceiling, maxBackoff)
    }
}
