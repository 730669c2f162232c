package import ChannelCore
import ChannelLog
import FoundationEssentials
package import GitStore

/// One reconcile of a config repository's branch: read the manifests at a commit, make IAM
/// match them, and write the status back to the branch.
///
/// `reconcile --once --repo` runs it once; `watch` runs it on every change. Safe to run from one
/// task at a time: two runs of one instance at once would race each other in IAM.
package struct RepositoryReconcile: Sendable {
    /// What the run is allowed to do.
    package struct Settings: Sendable, Equatable {
        /// The instance whose resources are managed (`--instance`).
        package var instance: String
        /// False for `--no-prune`.
        package var prune: Bool
        /// `--allow-mass-delete`.
        package var allowMassDelete: Bool
        /// Whether to read the tags of every candidate policy (see `DriftOptions`).
        package var verifyAllPolicyTags: Bool
        /// `--dry-run`: plan only, apply nothing, write no status.
        package var dryRun: Bool
        /// False for `--no-status`.
        package var writesStatus: Bool
        /// How many manifest files are parsed at once.
        package var parseConcurrency: Int

        /// Settings; by default a full reconcile that prunes and writes status.
        package init(
            instance: String = Rendering.defaultInstance,
            prune: Bool = true,
            allowMassDelete: Bool = false,
            verifyAllPolicyTags: Bool = false,
            dryRun: Bool = false,
            writesStatus: Bool = true,
            parseConcurrency: Int = 2
        ) {
            self.instance = instance
            self.prune = prune
            self.allowMassDelete = allowMassDelete
            self.verifyAllPolicyTags = verifyAllPolicyTags
            self.dryRun = dryRun
            self.writesStatus = writesStatus
            self.parseConcurrency = parseConcurrency
        }
    }

    /// The repository and branch reconciled.
    package let source: ConfigSource
    /// The engine, over the account's IAM.
    package let engine: Reconciler
    /// What the run may do.
    package let settings: Settings
    /// Where the status goes: the source's branch.
    package let publisher: StatusPublisher
    /// The time recorded in the status and its commit.
    package let recordedTime: RecordedTime
    /// Wall-clock time, for the duration of the run.
    package let clock: any WatchClock
    /// The number of IAM calls made so far by the engine's client; the run reports the difference.
    package let apiCallCount: @Sendable () -> Int

    /// A reconcile of `source` with `engine`; status goes to `source`'s branch.
    package init(
        source: ConfigSource,
        engine: Reconciler,
        settings: Settings,
        publisher: StatusPublisher? = nil,
        recordedTime: RecordedTime = RecordedTime(),
        clock: any WatchClock = SystemClock(),
        apiCallCount: @escaping @Sendable () -> Int = { 0 }
    ) {
        self.source = source
        self.engine = engine
        self.settings = settings
        self.publisher = publisher ?? StatusPublisher(store: source.store, branch: source.branch)
        self.recordedTime = recordedTime
        self.clock = clock
        self.apiCallCount = apiCallCount
    }

    /// Fetches the branch and reconciles its head.
    package func runOnce() async throws(RepositoryReconcileError) -> RepositoryReconcileResult {
        let head: ConfigHead
        do {
            head = try await source.fetchHead()
        } catch {
            throw .source(error)
        }
        return try await run(commit: head.commit, statusHead: head.commit)
    }

    /// Reconciles the manifests of `commit`, replacing the status found at `statusHead` (the
    /// branch head the run started from; `commit` itself when reconciling the head).
    ///
    /// When the task is cancelled the engine stops before its next step and no status is
    /// written: `RepositoryReconcileResult.publication` is nil and `wasCancelled` true.
    package func run(commit: ObjectID, statusHead: ObjectID) async throws(RepositoryReconcileError)
        -> RepositoryReconcileResult
    {
        let started = clock.now()
        let callsBefore = apiCallCount()

        // Read the manifests and last status from git.
        let revision: ConfigRevision
        do {
            revision = try await source.revision(of: commit, statusAt: statusHead)
        } catch {
            throw .source(error)
        }
        for problem in revision.status.problems {
            engine.logger.warning(
                "status file unreadable; its channel counts as protected", [LogKey.error: problem])
        }
        let loaded: LoadedManifests
        do {
            loaded = try await LoadedManifests.load(
                revision.files.map { ($0.path, $0.contents) }, instance: settings.instance,
                concurrency: settings.parseConcurrency)
        } catch {
            throw .render(error)
        }
        for diagnostic in loaded.diagnostics {
            engine.logger.warning(
                "invalid manifest; its channel is left as it is", [LogKey.error: diagnostic.description])
        }

        // Make IAM match the manifests.
        let protected = revision.status.protectedWhenLastApplied
        let options = DriftOptions(
            manifests: loaded.manifests, rendered: loaded.rendered, protectedWhenLastApplied: protected,
            prune: settings.prune, verifyAllPolicyTags: settings.verifyAllPolicyTags)
        let outcome: Reconciler.Outcome
        do {
            outcome = try await engine.reconcile(
                loaded.rendered.state, options: options, dryRun: settings.dryRun,
                allowMassDelete: settings.allowMassDelete)
        } catch {
            throw .engine(error)
        }

        // Write the status, unless asked not to or the run was stopped halfway.
        // Limitation: a cancelled run records nothing in git; the log lists the changes it
        // applied, and the next run's status records the state they left.
        var result = RepositoryReconcileResult(
            revision: revision, loaded: loaded, outcome: outcome, status: nil, publication: nil,
            wasCancelled: Task.isCancelled, apiCalls: 0, duration: .zero)
        if settings.writesStatus, !settings.dryRun, !result.wasCancelled {
            let writer = StatusWriter(publisher: publisher, instance: settings.instance, recordedTime: recordedTime)
            do {
                let written = try await writer.write(
                    outcome, manifests: loaded.manifests, observedCommit: revision.observedCommit,
                    protectedWhenLastApplied: protected)
                result.status = written.report
                result.publication = written.publication
            } catch {
                throw .publish(error, applied: outcome.applied?.appliedStepCount ?? 0)
            }
        }
        result.apiCalls = apiCallCount() - callsBefore
        result.duration = .milliseconds(Int64((clock.now().timeIntervalSince(started) * 1000).rounded()))
        return result
    }
}

/// What one repository reconcile read, did and wrote.
package struct RepositoryReconcileResult: Sendable {
    /// What was read from git.
    package var revision: ConfigRevision
    /// The manifests as loaded, with their problems.
    package var loaded: LoadedManifests
    /// What the engine did.
    package var outcome: Reconciler.Outcome
    /// The status built; nil when none was written (dry run, `--no-status`, cancelled).
    package var status: StatusReport?
    /// What publishing did; nil when nothing was published.
    package var publication: StatusPublication?
    /// True when the task was cancelled during the run.
    package var wasCancelled: Bool
    /// IAM calls the run made, retries included.
    package var apiCalls: Int
    /// How long the run took.
    package var duration: Duration

    /// How many changes took effect.
    package var appliedCount: Int { outcome.applied?.appliedStepCount ?? 0 }
}

/// Why a repository reconcile did not finish.
package enum RepositoryReconcileError: Error, Sendable, CustomStringConvertible {
    /// Reading the repository failed.
    case source(SourceError)
    /// The instance name cannot be rendered.
    case render(RenderError)
    /// Reading IAM before the apply failed.
    case engine(ReconcileError)
    /// Publishing the status failed after `applied` changes took effect.
    case publish(GitError, applied: Int)

    /// What failed and what to do.
    package var description: String {
        switch self {
        case .source(let error):
            return error.description
        case .render(let error):
            return error.description
        case .engine(let error):
            return error.description
        case .publish(let error, let applied):
            let changes = applied == 1 ? "1 change was" : "\(applied) changes were"
            return "\(changes) applied, but the status could not be published: \(error)"
        }
    }

    /// Whether trying again later may succeed: the network, IAM's availability, a moving branch.
    ///
    /// Configuration errors (a missing manifest folder, a bad instance, refused credentials)
    /// need a person.
    package var isTransient: Bool {
        switch self {
        case .source(let error): return error.isTransient
        case .render: return false
        case .engine(let error):
            if case .readsDidNotSettle = error { return false }
            return true
        case .publish(let error, _): return SourceError.git(error).isTransient
        }
    }
}
