package import ChannelCore
package import FoundationEssentials
package import GitStore

/// Commits a status report on the reconciled branch and pushes it.
///
/// Built on `GitStore.publishStatus`: it fetches the branch, compares the status there with the
/// report, and commits only when something other than the time of the run differs; when the
/// push finds that the branch moved meanwhile, it rebuilds the commit on the new head and pushes
/// again, keeping the commit that landed first. `status/` belongs to channelops alone, so no
/// merge is ever needed.
package struct StatusPublisher: Sendable {
    /// The repository whose remote gets the status.
    package let store: GitStore
    /// The branch the status is committed on.
    package let branch: String
    /// Author and committer of the status commits.
    package let author: GitSignature
    /// How many pushes to try when the branch keeps moving.
    package let maxAttempts: Int
    /// Called with each head the commit is built on, before it is built; lets tests move the
    /// branch between the fetch and the push.
    package let willBuild: (@Sendable (StatusBase) -> Void)?

    /// A publisher writing to `branch` of the store's remote.
    package init(
        store: GitStore,
        branch: String,
        author: GitSignature = .channelops,
        maxAttempts: Int = 5,
        willBuild: (@Sendable (StatusBase) -> Void)? = nil
    ) {
        self.store = store
        self.branch = branch
        self.author = author
        self.maxAttempts = maxAttempts
        self.willBuild = willBuild
    }

    /// Publishes `report` with `summary` as the commit message, dated `date`.
    ///
    /// Returns `.unchanged` without committing when the branch head's status already says what
    /// `report` says, apart from `lastReconciled`.
    package func publish(
        _ report: StatusReport,
        summary: StatusCommitSummary,
        date: Date
    ) async throws(GitError) -> StatusPublication {
        let message = StatusCommitMessage(
            subject: summary.subject, body: summary.body,
            trailers: summary.trailers.map { CommitTrailer(key: $0.key, value: $0.value) })
        let files = report.files()
        let willBuild = self.willBuild
        // Limitation: two runs publishing at once (two pipelines, or a pipeline beside a watcher
        // without a lease) each build on the head they fetched and the later push wins, so an
        // older run's status can replace a newer one's until the next run writes again.
        return try await store.publishStatus(branch: branch, author: author, date: date, maxAttempts: maxAttempts) {
            base in
            willBuild?(base)
            guard !report.isUnchanged(comparedWith: base.files) else { return nil }
            return StatusContent(files: files, message: message)
        }
    }
}
