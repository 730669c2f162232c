import ChannelCore
import ChannelLog
import Foundation
import Reconciler

/// What `reconcile --once` reads from git and writes back to it: the manifests, the last status,
/// and the branch that gets the new status.
///
/// With `--repo` the manifests and the status are those at the fetched head of `--branch`. In
/// pipeline mode the manifests are those committed at `HEAD` of the checkout, the status is the
/// one at `HEAD`, and the new status is pushed to `--branch` of its `origin`; a checkout on
/// another branch is refused when the status is to be written, since the status would then
/// describe manifests that `--branch` does not hold.
struct StatusTarget {
    /// Where the status goes, and the commit it names.
    enum Destination {
        case remote(ConfigSource, ConfigRevision)
        case checkout(ConfigSource, CheckedOutStatus)
        /// No status can be written; the text says why, for the warning.
        case none(String)
    }

    var source: ManifestFiles
    var protectedWhenLastApplied: Set<String>
    /// The last status as read; nil when there is none to read.
    var status: StatusReading?
    var destination: Destination
    var recordedTime: RecordedTime

    /// Whether a status commit can follow the run, which is how new access keys are delivered.
    var canWriteStatus: Bool {
        if case .none = destination { return false }
        return true
    }

    /// Reads the manifests and the last status as the source options say.
    static func open(_ arguments: ParsedArguments, logger: Logger) async throws -> StatusTarget {
        let recordedTime = try RecordedTime(environment: ProcessInfo.processInfo.environment)
        let writesStatus = !arguments.has("no-status") && !arguments.has("dry-run")

        // A remote: everything comes from the fetched head of the branch.
        if let repository = try ConfigSelection.remote(arguments) {
            if arguments.has("allow-dirty") {
                throw UsageError(description: "--allow-dirty applies only in pipeline mode, not with --repo")
            }
            let revision = try await ConfigSelection.fetch(repository, logger: logger)
            return StatusTarget(
                source: ManifestFiles(revision: revision, source: repository),
                protectedWhenLastApplied: revision.status.protectedWhenLastApplied, status: revision.status,
                destination: .remote(repository, revision), recordedTime: recordedTime)
        }

        // Pipeline mode: the manifests at HEAD, the status there, the checkout's origin.
        let source = try await ManifestSource.committed(
            folder: RunOptions.path(arguments), allowDirty: arguments.has("allow-dirty"))
        let checkout = try ConfigSelection.checkout(arguments, required: writesStatus)
        let status = try await ConfigSelection.checkedOutStatus(checkout, logger: logger)
        let destination: Destination
        if let checkout, let status, !source.hasUncommittedChanges {
            if writesStatus { try await checkout.requireBranchCheckedOut() }
            destination = .checkout(checkout, status)
        } else {
            destination = .none("the manifests applied include uncommitted changes, which no commit holds")
        }
        return StatusTarget(
            source: source, protectedWhenLastApplied: status?.status.protectedWhenLastApplied ?? [],
            status: status?.status, destination: destination, recordedTime: recordedTime)
    }

    /// Commits and pushes the status `outcome` leaves, when it differs from the branch's, with
    /// the sealed key files the run delivered.
    ///
    /// A run a signal stopped halfway records where it stopped: the channels it stopped Failed,
    /// those applied but not confirmed Drifted, both with the reason `Cancelled`.
    func writeStatus(
        _ outcome: Reconciler.Outcome,
        session: EngineSession,
        sealedKeyFiles: [String: [UInt8]],
        logger: Logger
    ) async throws {
        let repository: ConfigSource
        let observed: CheckedOutStatus
        switch destination {
        case .none(let reason):
            logger.warning("status not written", ["reason": reason])
            return
        case .remote(let source, let revision):
            repository = source
            observed = CheckedOutStatus(status: revision.status, observedCommit: revision.observedCommit)
        case .checkout(let source, let status):
            repository = source
            observed = status
        }
        let writer = StatusWriter(
            publisher: StatusPublisher(store: repository.store, branch: repository.branch),
            instance: session.instance, recordedTime: recordedTime)
        var metadata: [String: String]
        do {
            metadata = try await writer.write(
                outcome, manifests: session.loaded.manifests, observedCommit: observed.observedCommit,
                protectedWhenLastApplied: protectedWhenLastApplied, sealedKeyFiles: sealedKeyFiles
            ).publication.logMetadata
        } catch {
            throw RepositoryReconcileError.publish(error, applied: outcome.applied?.appliedStepCount ?? 0)
        }
        metadata["branch"] = repository.branch
        logger.info("published status", metadata)
    }
}
