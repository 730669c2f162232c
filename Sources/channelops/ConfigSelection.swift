import ChannelLog
import Foundation
import Reconciler

/// Where `drift`, `reconcile` and `watch` read the manifests and write the status, as the source
/// options choose: the remote of `--repo`, cloned into a cache, or the checkout holding the
/// current folder (pipeline mode).
enum ConfigSelection {
    /// The remote of `--repo`, opened in its cache folder; nil in pipeline mode.
    ///
    /// - Throws: `UsageError` for `--cache-dir` without `--repo`; `SourceError` when the cache
    ///   cannot be opened.
    static func remote(_ arguments: ParsedArguments) throws -> ConfigSource? {
        guard let repo = arguments.value("repo") else {
            if arguments.value("cache-dir") != nil {
                throw UsageError(description: "--cache-dir applies only with --repo")
            }
            return nil
        }
        guard !repo.isEmpty else {
            throw UsageError(description: "--repo: give a URL or a path")
        }
        return try ConfigSource.remote(
            repo, cacheFolder: arguments.value("cache-dir"), environment: ProcessInfo.processInfo.environment,
            branch: RunOptions.branch(arguments), manifestFolder: RunOptions.path(arguments))
    }

    /// Pipeline mode: the checkout holding the current folder, whose `origin` gets the status.
    ///
    /// Returns nil outside a usable checkout unless `required`.
    static func checkout(_ arguments: ParsedArguments, required: Bool) throws -> ConfigSource? {
        let opened: Result<ConfigSource, SourceError>
        do {
            opened = .success(
                try ConfigSource.checkout(
                    containing: FileManager.default.currentDirectoryPath, branch: RunOptions.branch(arguments),
                    manifestFolder: RunOptions.path(arguments), environment: ProcessInfo.processInfo.environment))
        } catch {
            opened = .failure(error)
        }
        if case .failure(let error) = opened, !required, error.isNotACheckout {
            // Limitation: a checkout without an `origin` cannot be opened, so its status is not
            // read either, and channels protected only by their last status are not protected.
            return nil
        }
        return try opened.get()
    }

    /// Fetches the branch of `source` and reads its head: the manifests, and the status whose
    /// `protect` flags the run needs.
    static func fetch(_ source: ConfigSource, logger: Logger) async throws(SourceError) -> ConfigRevision {
        let revision = try await source.fetchRevision()
        logProblems(revision.status, logger: logger)
        return revision
    }

    /// Pipeline mode: the status at the commit checked out, or none outside a checkout or
    /// before the first commit.
    static func checkedOutStatus(_ checkout: ConfigSource?, logger: Logger) async throws -> CheckedOutStatus? {
        guard let checkout else { return nil }
        let found: CheckedOutStatus
        do {
            found = try await checkout.checkedOutStatus()
        } catch {
            // A checkout without a commit has no status yet.
            if error.isNotACheckout { return nil }
            throw error
        }
        logProblems(found.status, logger: logger)
        return found
    }

    /// Warns about each status file that could not be read; its channel counts as protected.
    static func logProblems(_ status: StatusReading, logger: Logger) {
        for problem in status.problems {
            logger.warning("status file unreadable; its channel counts as protected", [LogKey.error: problem])
        }
    }
}
