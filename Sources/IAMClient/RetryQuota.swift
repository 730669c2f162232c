import Synchronization

/// The retry token bucket of the SDKs' standard retry mode, shared by every call of a run.
///
/// A retry must first take tokens from the bucket: 5 for a retry after an error response, 10
/// after a timeout or dropped connection. A call that succeeds gives back what its last retry
/// took, or 1 token when it needed no retry, up to the capacity. During a long outage the
/// bucket empties and later calls fail after their first attempt instead of each spending every
/// attempt, which keeps a struggling service from being hit harder. Safe to use from many tasks.
public final class RetryQuota: Sendable {
    /// The tokens a full bucket holds.
    public static let capacity = 500
    /// What a retry after an error response costs.
    public static let retryCost = 5
    /// What a retry after a timeout or a dropped connection costs.
    public static let timeoutRetryCost = 10
    /// What a call that succeeded at once gives back.
    public static let successRefund = 1

    private let tokens: Mutex<Int>

    /// Creates a full bucket; `initialTokens` is for tests.
    public init(initialTokens: Int = RetryQuota.capacity) {
        tokens = Mutex(min(max(initialTokens, 0), Self.capacity))
    }

    /// The tokens left.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes the cost of retrying after `failure`; returns it, or nil when the bucket holds less.
    func acquire(after failure: AttemptFailure) -> Int? {
        let cost: Int
        switch failure {
        case .transport(.timeout), .transport(.connectionReset): cost = Self.timeoutRetryCost
        default: cost = Self.retryCost
        }
        return tokens.withLock { tokens in
            guard tokens >= cost else { return nil }
            tokens -= cost
            return cost
        }
    }

    /// Gives back `amount` tokens after a success, up to the capacity.
    func release(_ amount: Int) {
        tokens.withLock { $0 = min(Self.capacity, $0 + amount) }
    }
}
