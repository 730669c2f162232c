/// A failed IAM or STS call: which action on which resource, why, and after how many attempts.
///
/// `description` is one line that starts with the action and the resource, for example
/// `CreateUser user=alice: EntityAlreadyExists: User alice already exists (HTTP 409, request id
/// 4f1c...)`. It never holds a secret: no credential, signature, header or request body is ever
/// put into an error.
public struct IAMError: Error, Sendable, CustomStringConvertible {
    /// Why the call failed.
    public enum Reason: Sendable {
        /// AWS answered with an error response.
        case service(AWSServiceError)
        /// No HTTP response arrived (refused, reset, timed out, TLS refused).
        case transport(TransportError)
        /// The connection dropped after a request that must not be blindly repeated was sent, so
        /// it is unknown whether AWS applied it.
        case outcomeUnknown(TransportError)
        /// A response arrived but could not be read.
        case invalidResponse(status: Int, requestID: String?, reason: String)
        /// The credential provider failed; the text is the provider's error description.
        case credentials(String)
        /// The request could not be built or signed.
        case invalidRequest(String)
        /// The calling task was cancelled.
        case cancelled
    }

    /// The AWS action, as AWS spells it (`CreateUser`).
    public var action: String
    /// The resource the call was about, as `key=value` pairs (`user=alice`); empty for calls
    /// about no single resource.
    public var resource: String
    /// Why the call failed.
    public var reason: Reason
    /// How many HTTP requests were sent for the call.
    public var attempts: Int
    /// Whether the retry policy stopped because the attempts ran out; `false` when the last
    /// failure was not retryable.
    public var isRetryExhausted: Bool
    /// Whether a retry was allowed but the run's retry quota was used up by earlier failures
    /// (see `RetryQuota`), so the call stopped early.
    public var isRetryQuotaExhausted: Bool = false
    /// Whether an earlier attempt of the same call failed after the request was sent, so that
    /// AWS may have applied it: a `NoSuchEntity` or `EntityAlreadyExists` may then be the
    /// result of that earlier attempt.
    public var followedUnknownOutcome: Bool

    /// Creates the error.
    public init(
        action: String, resource: String, reason: Reason, attempts: Int, isRetryExhausted: Bool = false,
        followedUnknownOutcome: Bool = false
    ) {
        self.action = action
        self.resource = resource
        self.reason = reason
        self.attempts = attempts
        self.isRetryExhausted = isRetryExhausted
        self.followedUnknownOutcome = followedUnknownOutcome
    }

    /// The AWS error code when AWS answered with an error, otherwise `nil`.
    public var serviceCode: AWSErrorCode? {
        if case .service(let error) = reason {
            return error.code
        }
        return nil
    }

    /// The service error when AWS answered with one, otherwise `nil`.
    public var serviceError: AWSServiceError? {
        if case .service(let error) = reason {
            return error
        }
        return nil
    }

    /// Whether the call may have been applied although it failed: its outcome is unknown.
    public var isOutcomeUnknown: Bool {
        if case .outcomeUnknown = reason {
            return true
        }
        return false
    }

    /// One line: action and resource, what went wrong, and what to do when that is not obvious.
    public var description: String {
        let subject = resource.isEmpty ? action : "\(action) \(resource)"
        let attemptCount = "\(attempts) \(attempts == 1 ? "attempt" : "attempts")"
        let exhausted =
            isRetryExhausted
            ? "; gave up after \(attemptCount)"
            : isRetryQuotaExhausted
                ? "; gave up after \(attemptCount): too many calls of this run failed, so no more are retried" : ""
        switch reason {
        case .service(let error):
            let earlier =
                followedUnknownOutcome
                ? "; an earlier attempt failed after it was sent, so AWS may have applied that one" : ""
            return "\(subject): \(error)\(exhausted)\(earlier)"
        case .transport(let error):
            return "\(subject): no response from \(error.endpoint): \(error.message)\(exhausted)"
        case .outcomeUnknown(let error):
            return "\(subject): outcome unknown: the connection to \(error.endpoint) failed after the request "
                + "was sent (\(error.message)), so AWS may have applied it; \(unknownOutcomeAdvice)"
        case .invalidResponse(let status, let requestID, let why):
            let request = requestID.map { ", request id \($0)" } ?? ", no request id"
            return "\(subject): unreadable response (HTTP \(status)\(request)): \(why)\(exhausted)"
        case .credentials(let why):
            return "\(subject): no credentials to sign the request: \(why)"
        case .invalidRequest(let why):
            return "\(subject): could not build the request: \(why)"
        case .cancelled:
            return "\(subject): cancelled before a response arrived"
        }
    }

    private var unknownOutcomeAdvice: String {
        switch action {
        case "CreateAccessKey":
            "list the user's access keys and delete any key whose secret you do not hold, then run again"
        default:
            "read the resource to see whether the change was made, then run again"
        }
    }
}
