import GitStore

/// The production `WatchTarget`: polls the config repository's branch and reconciles its head
/// with `RepositoryReconcile`.
package struct RepositoryWatchTarget: WatchTarget {
    /// The reconcile each due tick runs.
    package let reconcile: RepositoryReconcile

    /// A target running `reconcile` on the branch of its source.
    package init(reconcile: RepositoryReconcile) {
        self.reconcile = reconcile
    }

    package func poll() async throws -> WatchHead {
        do {
            let head = try await reconcile.source.fetchHead()
            return WatchHead(commit: head.commit.hex, manifestTree: head.manifestTree?.hex)
        } catch {
            throw RepositoryReconcileError.source(error)
        }
    }

    package func reconcile(_ head: WatchHead) async throws -> WatchRun {
        guard let commit = ObjectID(hex: head.commit) else {
            preconditionFailure("poll() returns full commit ids")
        }
        let result = try await reconcile.run(commit: commit, statusHead: commit)
        var statusCommit: String?
        if case .pushed(let pushed, _, _) = result.publication {
            statusCommit = pushed.hex
        }
        return WatchRun(
            commit: result.revision.observedCommit.hex,
            applied: result.appliedCount,
            apiCalls: result.apiCalls,
            duration: result.duration,
            isConverged: result.outcome.isConverged,
            statusCommit: statusCommit,
            wasCancelled: result.wasCancelled
        )
    }
}
