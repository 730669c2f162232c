/// The outcome of pushing a commit to a branch of the remote.
package enum PushResult: Sendable, Equatable {
    /// The branch now points at the commit.
    case pushed(ObjectID)
    /// The branch no longer pointed at the expected head, so nothing was changed; the caller
    /// rebuilds its commit on `remoteHead` (nil when the branch was deleted) and tries again.
    case branchMoved(remoteHead: ObjectID?)
}
