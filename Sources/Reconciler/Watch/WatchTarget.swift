/// What a watch polls and reconciles: the config repository's branch and the IAM account.
///
/// `RepositoryWatchTarget` is the production one; tests script a fake. Errors thrown are logged
/// and retried after a backoff; `RepositoryReconcileError.isTransient` tells how to log them.
package protocol WatchTarget: Sendable {
    /// Fetches the branch and returns its head.
    func poll() async throws -> WatchHead

    /// Reconciles `head` and publishes the status; stops before its next IAM step and publishes
    /// nothing when the task is cancelled.
    func reconcile(_ head: WatchHead) async throws -> WatchRun
}

/// A branch head as a watch compares it.
package struct WatchHead: Sendable, Equatable {
    /// The head commit's id.
    package var commit: String
    /// The id of the manifest folder's tree there; nil when the folder is missing.
    package var manifestTree: String?

    /// A head.
    package init(commit: String, manifestTree: String?) {
        self.commit = commit
        self.manifestTree = manifestTree
    }
}

/// What one reconcile of a watch did, for its log line.
package struct WatchRun: Sendable, Equatable {
    /// The commit reconciled: the one the status names (status commits on top are passed over).
    package var commit: String
    /// How many changes took effect.
    package var applied: Int
    /// IAM calls made, retries included.
    package var apiCalls: Int
    /// How long the run took.
    package var duration: Duration
    /// Whether every channel ended in sync.
    package var isConverged: Bool
    /// The status commit pushed; nil when the status was unchanged or not written.
    package var statusCommit: String?
    /// True when the run was cancelled before it finished.
    package var wasCancelled: Bool

    /// A record.
    package init(
        commit: String,
        applied: Int,
        apiCalls: Int,
        duration: Duration,
        isConverged: Bool,
        statusCommit: String? = nil,
        wasCancelled: Bool = false
    ) {
        self.commit = commit
        self.applied = applied
        self.apiCalls = apiCalls
        self.duration = duration
        self.isConverged = isConverged
        self.statusCommit = statusCommit
        self.wasCancelled = wasCancelled
    }
}
