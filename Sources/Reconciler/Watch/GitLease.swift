package import FoundationEssentials
package import GitStore

/// The lease kept on the config repository's remote, in `refs/channelops/lease/<instance>`.
///
/// Every update is a compare-and-swap of the ref on the remote (see `GitStore.acquireLease`):
/// of two watchers that saw the same lease, exactly one wins. A lost race is reported as the
/// lease being held by the winner.
package actor GitLease: LeaseKeeping {
    /// The repository whose remote holds the lease ref.
    package let store: GitStore
    /// The instance the lease is for.
    package let instance: String
    /// This watcher's holder id.
    package nonisolated let holder: String
    /// The lease ref, `refs/channelops/lease/<instance>`.
    package nonisolated let name: String
    /// How long each acquisition or renewal holds the lease.
    package let duration: Duration
    private var current: Lease?

    /// A lease of `instance` for `holder` (see `GitLease.holderID()`), taken for `duration` at a
    /// time.
    ///
    /// Throws `GitError.invalidArgument` when the instance cannot name a ref.
    package init(store: GitStore, instance: String, holder: String, duration: Duration) throws(GitError) {
        self.store = store
        self.instance = instance
        self.holder = holder
        self.duration = duration
        self.name = try GitStore.leaseRef(for: instance)
    }

    /// `<host>-<pid>-<8 random hex digits>`: unique to one process, and readable in the ref.
    package static func holderID(host: String, processID: Int32) -> String {
        let random = UInt32.random(in: 0...UInt32.max)
        let digits = String(random, radix: 16)
        let safeHost = host.filter { !$0.isWhitespace && !$0.isNewline }
        return "\(safeHost.isEmpty ? "host" : safeHost)-\(processID)-"
            + String(repeating: "0", count: 8 - digits.count) + digits
    }

    package func acquire(now: Date) async throws -> LeaseState {
        switch try await store.acquireLease(instance: instance, holder: holder, now: now, duration: duration) {
        case .acquired(let lease):
            current = lease
            return .held(until: lease.expires)
        case .heldByOther(let lease):
            current = nil
            return .heldByOther(holder: lease.holder, until: lease.expires)
        case .lostRace(let winner):
            current = nil
            // A ref deleted during the race has no holder; the next tick tries again.
            return .heldByOther(holder: winner?.holder ?? "(none)", until: winner?.expires ?? now)
        }
    }

    package func renew(now: Date) async throws -> LeaseState {
        guard let current else { return .lost(holder: nil) }
        switch try await store.renewLease(current, now: now, duration: duration) {
        case .updated(let lease):
            self.current = lease
            return .held(until: lease.expires)
        case .lost(let other):
            self.current = nil
            return .lost(holder: other?.holder)
        }
    }

    package func release(now: Date) async throws {
        guard let current else { return }
        self.current = nil
        // `.lost` means another watcher already took the lease over: nothing is left to end.
        _ = try await store.releaseLease(current, now: now)
    }
}
