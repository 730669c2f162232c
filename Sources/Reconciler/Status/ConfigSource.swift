import FoundationEssentials
package import GitStore

/// The config repository a command reads manifests from and writes status to, as the source
/// options choose it: a remote cloned into a cache (`--repo`), or the checkout holding the
/// current folder (pipeline mode), whose `origin` is fetched and pushed.
///
/// Manifests are read from commits in the object database; in either mode the status commit
/// goes to `branch` on the remote.
package struct ConfigSource: Sendable {
    /// Where the repository comes from.
    package enum Kind: Sendable, Equatable {
        /// `--repo`: the remote, and the cache folder holding its clone.
        case remote(url: String, cacheFolder: String)
        /// Pipeline mode: the top of the checkout's work tree.
        case checkout(workTree: String)
    }

    /// The repository: a cache of the remote, or the checkout.
    package let store: GitStore
    /// Where the repository comes from.
    package let kind: Kind
    /// The branch reconciled and written to (`--branch`).
    package let branch: String
    /// The manifest folder relative to the top of the repository (`--path`).
    package let manifestFolder: String

    /// Opens the cache of `remote` (`--repo`), in `cacheFolder` or the default folder of
    /// `CacheFolder`; the clone is made or brought up to date by the first fetch.
    ///
    /// A relative local path is taken from the current folder.
    /// Credentials for the remote come from `environment` (see `GitCredentials`) unless given,
    /// and so does the CA file trusted for an HTTPS remote (`GIT_SSL_CAINFO`).
    package static func remote(
        _ remote: String,
        cacheFolder: String?,
        environment: [String: String],
        branch: String,
        manifestFolder: String,
        credentials: GitCredentials? = nil
    ) throws(SourceError) -> ConfigSource {
        let credentials = credentials ?? GitCredentials.fromEnvironment(environment)
        try trustCertificates(from: environment)
        let resolved = isLocalPath(remote) ? absolute(remote) : remote
        guard let folder = cacheFolder ?? CacheFolder.defaultFolder(for: resolved, environment: environment) else {
            throw .noCacheFolder
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .git(
                .invalidArgument(what: "cache folder", value: folder, reason: "it cannot be created (\(error))"))
        }
        do {
            let store = try GitStore(cacheFor: resolved, in: folder, credentials: credentials)
            return ConfigSource(
                store: store, kind: .remote(url: store.remoteDisplayName, cacheFolder: folder), branch: branch,
                manifestFolder: manifestFolder)
        } catch {
            throw .git(error)
        }
    }

    /// Opens the checkout holding `folder` (pipeline mode); credentials for its `origin` come
    /// from `environment` unless given.
    ///
    /// `manifestFolder` is taken from `folder`, as a path on the command line is, and must lie
    /// inside the checkout; `ConfigSource.manifestFolder` is then its path from the top.
    package static func checkout(
        containing folder: String,
        branch: String,
        manifestFolder: String,
        environment: [String: String],
        credentials: GitCredentials? = nil
    ) throws(SourceError) -> ConfigSource {
        let credentials = credentials ?? GitCredentials.fromEnvironment(environment)
        try trustCertificates(from: environment)
        let store: GitStore
        do {
            store = try GitStore(checkoutContaining: folder, credentials: credentials)
        } catch {
            throw .git(error)
        }
        let top = resolved(store.workTreePath ?? folder)
        let wanted = resolved(manifestFolder.hasPrefix("/") ? manifestFolder : folder + "/" + manifestFolder)
        guard wanted == top || wanted.hasPrefix(top + "/") else {
            throw .git(
                .invalidArgument(
                    what: "manifest folder", value: manifestFolder,
                    reason: "it is outside the checkout at '\(top)'; pass a folder inside it, or use --repo"))
        }
        return ConfigSource(
            store: store, kind: .checkout(workTree: top), branch: branch,
            manifestFolder: wanted == top ? "" : String(wanted.dropFirst(top.count + 1)))
    }

    /// Trusts the CA file of `GIT_SSL_CAINFO`, when set, for HTTPS remotes.
    private static func trustCertificates(from environment: [String: String]) throws(SourceError) {
        do {
            try GitStore.trustCertificates(from: environment)
        } catch {
            throw .git(error)
        }
    }

    /// `path` with `.`, `..` and links resolved as far as it exists, without a trailing slash.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Fetches the branch and returns its head and the id of the manifest folder's tree there.
    ///
    /// Cheap enough to call on every tick of a watch: a fetch that finds nothing new downloads
    /// nothing.
    package func fetchHead() async throws(SourceError) -> ConfigHead {
        do {
            let commit = try await store.fetch(branch: branch)
            return ConfigHead(commit: commit, manifestTree: try await store.treeID(at: commit, folder: manifestFolder))
        } catch {
            throw .git(error)
        }
    }

    /// Fetches the branch and reads what a reconcile of its head needs.
    package func fetchRevision() async throws(SourceError) -> ConfigRevision {
        let head = try await fetchHead()
        return try await revision(of: head.commit, statusAt: head.commit)
    }

    /// Pipeline mode: refuses a checkout whose branch is not the one the status goes to; a
    /// detached `HEAD` (as many CI systems check out) is accepted.
    ///
    /// - Throws: `SourceError.otherBranchCheckedOut`, or `.git` when `HEAD` cannot be read.
    package func requireBranchCheckedOut() async throws(SourceError) {
        let checkedOut: String?
        do {
            checkedOut = try await store.checkedOutBranch()
        } catch {
            throw .git(error)
        }
        if let checkedOut, checkedOut != branch {
            throw .otherBranchCheckedOut(checkedOut: checkedOut, statusBranch: branch)
        }
    }

    /// Pipeline mode: the status at the commit checked out, and the commit a status written
    /// now names (see `revision(of:statusAt:)`).
    package func checkedOutStatus() async throws(SourceError) -> CheckedOutStatus {
        do {
            let head = try await store.headCommit()
            return CheckedOutStatus(
                status: StatusReading(files: try await store.statusFiles(at: head)),
                observedCommit: try await observedCommit(for: head))
        } catch {
            throw .git(error)
        }
    }

    /// Reads what a reconcile of `commit` needs: its manifests, and the status files at
    /// `statusHead`, the branch head whose status the run replaces (usually `commit` itself).
    ///
    /// The observed commit, which the status names, is the nearest commit from `commit` back
    /// along first parents that is not a status commit: a run after status commits alone names
    /// the same commit as the run before, and so writes the same status.
    /// Throws `SourceError.manifestFolderMissing` when `commit` has no manifest folder, rather
    /// than reconciling an empty set of manifests that would prune everything.
    package func revision(of commit: ObjectID, statusAt statusHead: ObjectID) async throws(SourceError)
        -> ConfigRevision
    {
        do {
            let snapshot = try await store.manifests(at: commit, folder: manifestFolder)
            guard snapshot.treeID != nil else {
                throw SourceError.manifestFolderMissing(folder: manifestFolder, commit: commit)
            }
            let status = StatusReading(files: try await store.statusFiles(at: statusHead))
            return ConfigRevision(
                head: statusHead,
                commit: commit,
                manifestTree: snapshot.treeID,
                files: snapshot.files,
                status: status,
                observedCommit: try await observedCommit(for: commit)
            )
        } catch let error as SourceError {
            throw error
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .git(.invalidArgument(what: "commit", value: commit.hex, reason: "\(error)"))
        }
    }

    /// The nearest commit from `commit` back along first parents that is not a status commit:
    /// the commit whose files outside `status/` the run sees.
    ///
    /// Gives `commit` itself when the walk passes `statusWalkLimit` status commits.
    private func observedCommit(for commit: ObjectID) async throws(GitError) -> ObjectID {
        var current = commit
        for _ in 0..<Self.statusWalkLimit {
            let info = try await store.commitInfo(current)
            guard info.isStatusCommit, let parent = info.parents.first else { return current }
            current = parent
        }
        return commit
    }

    /// How many status commits in a row `observedCommit(for:)` walks past.
    static let statusWalkLimit = 1000

    /// Whether `remote` is a path on this machine rather than a URL or `host:path`.
    private static func isLocalPath(_ remote: String) -> Bool {
        if remote.contains("://") { return false }
        guard let colon = remote.firstIndex(of: ":") else { return true }
        let head = remote[..<colon]
        return head.isEmpty || head.contains("/")
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// A branch head as a watch compares it: the commit, and the manifest folder's tree there.
package struct ConfigHead: Sendable, Equatable {
    /// The head commit.
    package var commit: ObjectID
    /// The id of the manifest folder's tree there; nil when the commit has no such folder.
    package var manifestTree: ObjectID?

    /// A head.
    package init(commit: ObjectID, manifestTree: ObjectID?) {
        self.commit = commit
        self.manifestTree = manifestTree
    }
}

/// Everything a reconcile reads from git.
package struct ConfigRevision: Sendable, Equatable {
    /// The branch head whose status files were read.
    package var head: ObjectID
    /// The commit whose manifests were read.
    package var commit: ObjectID
    /// The id of the manifest folder's tree at `commit`.
    package var manifestTree: ObjectID?
    /// The manifest files, sorted by path.
    package var files: [RepositoryFile]
    /// The status at `head`.
    package var status: StatusReading
    /// The commit the status names as reconciled (see `ConfigSource.revision(of:statusAt:)`).
    package var observedCommit: ObjectID
}

/// The status at the commit a checkout has checked out, and the commit a new status names.
package struct CheckedOutStatus: Sendable, Equatable {
    /// The status files at the commit checked out, read back.
    package var status: StatusReading
    /// The nearest commit from the one checked out that is not a status commit.
    package var observedCommit: ObjectID

    /// A status and the commit it names.
    package init(status: StatusReading, observedCommit: ObjectID) {
        self.status = status
        self.observedCommit = observedCommit
    }
}
