package import ChannelCore
package import GitStore

/// Builds the status a reconcile leaves and publishes it on the branch.
///
/// Shared by `reconcile --once` and each reconcile of `watch`: the status files and REPORT.md
/// describe the state after the run, the commit message lists what it applied, and the commit is
/// made only when something other than the time differs.
package struct StatusWriter: Sendable {
    /// Commits and pushes the status.
    package let publisher: StatusPublisher
    /// The instance reconciled.
    package let instance: String
    /// The time recorded in the status and its commit.
    package let recordedTime: RecordedTime

    /// A writer publishing through `publisher` for `instance`, dated by `recordedTime`.
    package init(publisher: StatusPublisher, instance: String, recordedTime: RecordedTime) {
        self.publisher = publisher
        self.instance = instance
        self.recordedTime = recordedTime
    }

    /// Builds and publishes the status of `outcome`, a reconcile of the manifests `manifests`
    /// read at `observedCommit`, with `protectedWhenLastApplied` as the run used it.
    ///
    /// Throws what publishing throws (`GitStore.publishStatus`); the report is built first and
    /// is returned with the publication.
    package func write(
        _ outcome: Reconciler.Outcome,
        manifests: ManifestSet,
        observedCommit: ObjectID,
        protectedWhenLastApplied: Set<String>
    ) async throws(GitError) -> (report: StatusReport, publication: StatusPublication) {
        // Limitation: `status/` is one folder per branch, so two instances reconciling the same
        // branch overwrite each other's status; give each instance its own branch or repository.
        let date = recordedTime.now()
        let report = StatusReport(
            outcome.statusInput(
                instance: instance, observedCommit: observedCommit.hex, lastReconciled: RecordedTime.rfc3339(date),
                manifests: manifests, protectedWhenLastApplied: protectedWhenLastApplied))
        let summary = StatusCommitSummary(
            status: report, applied: outcome.appliedSteps, failures: outcome.applied?.failures ?? [:])
        let publication = try await publisher.publish(report, summary: summary, date: date)
        return (report, publication)
    }
}
