/// The retry policy's answer for one failed attempt.
public enum RetryDecision: Sendable, Equatable {
    /// Wait this long, then send the request again.
    case retry(after: Duration)
    /// Stop and report the failure.
    case giveUp(GiveUpReason)

    /// Why the policy stopped.
    public enum GiveUpReason: Sendable, Equatable {
        /// The failure is not one a retry can cure.
        case notRetryable
        /// It could be retried, but the attempts allowed are used up.
        case attemptsExhausted
    }
}
