import IAMClient
import Testing

@Suite("the retry policy's decisions")
struct RetryPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let reason: String
        let failure: AttemptFailure
        let attempt: Int
        let jitter: Double
        let expected: RetryDecision

        var testDescription: String { reason }
    }

    static let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxBackoff: .seconds(20))

    static let cases: [Case] = [
        Case(
            reason: "throttling is retried after half the first backoff with jitter 0.5",
            failure: .response(status: 400, code: "Throttling", retryAfter: nil), attempt: 1, jitter: 0.5,
            expected: .retry(after: .milliseconds(50))),
        Case(
            reason: "the backoff doubles for the second retry",
            failure: .response(status: 400, code: "Throttling", retryAfter: nil), attempt: 2, jitter: 1,
            expected: .retry(after: .milliseconds(200))),
        Case(
            reason: "jitter 0 waits nothing (full jitter)",
            failure: .response(status: 400, code: "ThrottlingException", retryAfter: nil), attempt: 1, jitter: 0,
            expected: .retry(after: .zero)),
        Case(
            reason: "the last attempt gives up as exhausted",
            failure: .response(status: 400, code: "Throttling", retryAfter: nil), attempt: 3, jitter: 0.5,
            expected: .giveUp(.attemptsExhausted)),
        Case(
            reason: "HTTP 500 without a code is retried",
            failure: .response(status: 500, code: nil, retryAfter: nil), attempt: 1, jitter: 1,
            expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "IAM's ServiceFailure (HTTP 500) is retried",
            failure: .response(status: 500, code: "ServiceFailure", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "HTTP 503 is retried",
            failure: .response(status: 503, code: "ServiceUnavailable", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "HTTP 501 is not retried",
            failure: .response(status: 501, code: nil, retryAfter: nil), attempt: 1, jitter: 1,
            expected: .giveUp(.notRetryable)),
        Case(
            reason: "HTTP 429 is retried",
            failure: .response(status: 429, code: "TooManyRequestsException", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "RequestLimitExceeded (HTTP 400) is throttling",
            failure: .response(status: 400, code: "RequestLimitExceeded", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "Retry-After longer than the backoff is honoured",
            failure: .response(status: 503, code: nil, retryAfter: .seconds(3)), attempt: 1, jitter: 0.5,
            expected: .retry(after: .seconds(3))),
        Case(
            reason: "Retry-After is capped at the maximum backoff",
            failure: .response(status: 429, code: nil, retryAfter: .seconds(120)), attempt: 1, jitter: 0.5,
            expected: .retry(after: .seconds(20))),
        Case(
            reason: "the backoff never exceeds the cap however many attempts",
            failure: .response(status: 500, code: nil, retryAfter: nil), attempt: 40, jitter: 1,
            expected: .giveUp(.attemptsExhausted)),
        Case(
            reason: "IAM's LimitExceeded is a quota, not throttling",
            failure: .response(status: 409, code: "LimitExceeded", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .giveUp(.notRetryable)),
        Case(
            reason: "NoSuchEntity is not retried",
            failure: .response(status: 404, code: "NoSuchEntity", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .giveUp(.notRetryable)),
        Case(
            reason: "AccessDenied is not retried",
            failure: .response(status: 403, code: "AccessDenied", retryAfter: nil), attempt: 1, jitter: 1,
            expected: .giveUp(.notRetryable)),
        Case(
            reason: "a refused connection is retried",
            failure: .transport(.connect), attempt: 1, jitter: 1, expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "a dropped connection is retried",
            failure: .transport(.connectionReset), attempt: 2, jitter: 0.25,
            expected: .retry(after: .milliseconds(50))),
        Case(
            reason: "a timeout is retried",
            failure: .transport(.timeout), attempt: 1, jitter: 1, expected: .retry(after: .milliseconds(100))),
        Case(
            reason: "a TLS failure is never retried",
            failure: .transport(.tls), attempt: 1, jitter: 1, expected: .giveUp(.notRetryable)),
        Case(
            reason: "cancellation is never retried",
            failure: .transport(.cancelled), attempt: 1, jitter: 1, expected: .giveUp(.notRetryable)),
        Case(
            reason: "jitter above 1 is clamped",
            failure: .transport(.timeout), attempt: 1, jitter: 7, expected: .retry(after: .milliseconds(100))),
    ]

    @Test("decision", arguments: cases)
    func decision(_ testCase: Case) {
        #expect(
            Self.policy.decision(after: testCase.failure, attempt: testCase.attempt, jitter: testCase.jitter)
                == testCase.expected)
    }

    @Test("the backoff reaches the 20 s cap")
    func cappedBackoff() {
        let policy = RetryPolicy(maxAttempts: 30, baseDelay: .milliseconds(100), maxBackoff: .seconds(20))
        #expect(policy.delay(afterAttempt: 8, jitter: 1) == .milliseconds(12_800))
        #expect(policy.delay(afterAttempt: 9, jitter: 1) == .seconds(20))
        #expect(policy.delay(afterAttempt: 29, jitter: 1) == .seconds(20))
    }

    @Test("fewer than one attempt means one")
    func minimumAttempts() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy().maxAttempts == 3)
    }
}
