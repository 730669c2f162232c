import Synchronization

/// The flag a cancelled task sets for its request; read by the worker and by libcurl's
/// progress callback, so the transfer stops soon after cancellation.
final class CurlCancellation: Sendable {
    private let flag = Atomic(false)

    /// Marks the request cancelled.
    func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    /// Whether `cancel()` was called.
    var isCancelled: Bool {
        flag.load(ordering: .relaxed)
    }
}
