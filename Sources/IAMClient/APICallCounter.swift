import Synchronization

/// Counts the HTTP requests a client sends, in total and per action, and how many were retries.
///
/// Every attempt counts, retries included, since that is what AWS rate-limits and bills. Safe
/// to use from any task; one counter may be shared by several clients.
public final class APICallCounter: Sendable {
    private let state = Mutex(APICallCounts())

    /// Creates a counter at zero.
    public init() {}

    /// Records one request sent for `action`; `isRetry` when it repeats an earlier attempt.
    public func record(action: String, isRetry: Bool) {
        state.withLock { counts in
            counts.total += 1
            counts.byAction[action, default: 0] += 1
            if isRetry {
                counts.retries += 1
            }
        }
    }

    /// The counts so far.
    public var counts: APICallCounts {
        state.withLock { $0 }
    }
}

/// A snapshot of an `APICallCounter`.
public struct APICallCounts: Sendable, Equatable {
    /// All requests sent.
    public var total: Int
    /// Requests sent per action (`GetUser`: 12).
    public var byAction: [String: Int]
    /// Requests that repeated an earlier attempt of the same call.
    public var retries: Int

    /// Creates a snapshot.
    public init(total: Int = 0, byAction: [String: Int] = [:], retries: Int = 0) {
        self.total = total
        self.byAction = byAction
        self.retries = retries
    }
}
