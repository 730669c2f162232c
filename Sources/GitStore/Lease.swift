package import FoundationEssentials

/// A lease on an instance, as read from or written to the remote's lease ref.
///
/// See `GitStore.acquireLease(instance:holder:now:duration:)` for the guarantee and its limits.
package struct Lease: Sendable, Equatable, CustomStringConvertible {
    /// The instance the lease is for; the ref is `refs/channelops/lease/<instance>`.
    package var instance: String
    /// Who holds it: an id unique to one process, such as `host-pid-random`.
    package var holder: String
    /// When it ends, to the second.
    package var expires: Date
    /// The lease commit the ref points to; the next update must replace exactly this commit.
    package var commit: ObjectID

    /// A lease record.
    package init(instance: String, holder: String, expires: Date, commit: ObjectID) {
        self.instance = instance
        self.holder = holder
        self.expires = expires
        self.commit = commit
    }

    /// True from the moment of `expires` on.
    package func isExpired(at now: Date) -> Bool { now >= expires }

    /// `holder until <RFC 3339 time>`.
    package var description: String {
        "\(holder) until \(expires.formatted(Date.ISO8601FormatStyle()))"
    }
}

/// The outcome of trying to acquire a lease.
package enum LeaseAcquisition: Sendable, Equatable {
    /// The caller holds the lease until `Lease.expires` unless it renews.
    case acquired(Lease)
    /// Another holder's lease has not expired; try again later.
    case heldByOther(Lease)
    /// Someone else updated the ref between reading and writing it; `current` is what it holds
    /// now (nil: deleted). Read again and retry later.
    case lostRace(current: Lease?)
}

/// The outcome of renewing or releasing a lease.
package enum LeaseUpdate: Sendable, Equatable {
    /// The ref now holds the updated lease.
    case updated(Lease)
    /// The ref had moved: another holder took the lease over. The caller must stop acting as the
    /// holder. `current` is what the ref holds now (nil: deleted).
    case lost(current: Lease?)
}
