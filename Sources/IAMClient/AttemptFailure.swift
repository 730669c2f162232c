/// What ended one attempt, as the retry policy sees it.
public enum AttemptFailure: Sendable, Equatable {
    /// An HTTP response that is not a success: its status, the AWS error code if the body had
    /// one, and the `Retry-After` header if present.
    case response(status: Int, code: String?, retryAfter: Duration?)
    /// No HTTP response arrived.
    case transport(TransportError.Kind)
}
