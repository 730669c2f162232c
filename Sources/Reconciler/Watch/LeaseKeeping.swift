package import FoundationEssentials

/// The lease that lets only one of several watchers of an instance apply changes at a time.
///
/// The production implementation keeps it on the config repository's remote (`GitLease`);
/// tests use a fake. Calls come from one task at a time.
package protocol LeaseKeeping: Sendable {
    /// A name of the lease for logs, such as its ref.
    var name: String { get }
    /// This watcher's holder id.
    var holder: String { get }

    /// Takes the lease if it is free, expired or already ours; reports who holds it otherwise.
    func acquire(now: Date) async throws -> LeaseState

    /// Extends the lease this watcher holds; `.lost` when another holder took it over.
    func renew(now: Date) async throws -> LeaseState

    /// Ends the lease this watcher holds, so that another can take it without waiting.
    func release(now: Date) async throws
}

/// Who holds a lease, as one call found it.
package enum LeaseState: Sendable, Equatable {
    /// This watcher holds it until the date.
    case held(until: Date)
    /// Another watcher holds it until the date; wait, and try again after that.
    case heldByOther(holder: String, until: Date)
    /// This watcher held it, but another took it over; stop applying at once.
    case lost(holder: String?)
}
