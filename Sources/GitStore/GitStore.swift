internal import CLibGit2
import FoundationEssentials

/// The config repository: fetches the branch, reads manifests and status at a commit, writes
/// status commits and the lease, and pushes them to the remote `origin`.
///
/// Two sources, as the command line has them:
/// - `init(cacheFor:in:credentials:)`: a remote (`--repo URL_OR_PATH`) cloned bare into a cache
///   folder on first use and fetched afterwards;
/// - `init(checkoutContaining:credentials:)`: pipeline mode, the checkout holding a folder, whose
///   `origin` is fetched from and pushed to.
///
/// Everything is read from and written to the object database: no work tree is changed, and
/// only `uncommittedChanges(under:)` and `workTreeManifests(folder:)` read one. Pushes update
/// only the remote; afterwards the remote-tracking ref `refs/remotes/origin/<branch>` is moved as
/// `git push` moves it, and in pipeline mode the checked-out branch and work tree stay as they
/// are, so the next `fetch` is what brings the status commit into view.
///
/// The actor serialises all libgit2 use, whose handles are not thread-safe.
/// Limitation: network calls (fetch, push, lease updates) block the executor thread they run on
/// for their duration, and libgit2 1.5 offers no timeout for them, so a server that stops
/// answering stalls the call; callers should not run many stores side by side.
/// Limitation: a remote on this machine (a path or `file://`) is updated directly, so its
/// server-side hooks do not run; use a `git://`, `https://` or `ssh://` URL to have them run.
package actor GitStore {
    /// The folder, at the top of the repository, that status commits replace.
    package static let statusFolder = "status"
    /// The name of the remote fetched from and pushed to.
    package static let remoteName = "origin"
    /// The reflog message for refs this module moves.
    static let reflogMessage = "channelops"

    let repository: Repository
    let credentials: GitCredentials
    let origin: RemoteLocation

    /// The remote's URL or path, without any user-info part; safe to log.
    package nonisolated let remoteDisplayName: String
    /// The repository folder (the `.git` folder of a checkout, the cache folder when bare).
    package nonisolated let repositoryPath: String
    /// The top of the work tree in pipeline mode, with a trailing slash; nil for a cache.
    package nonisolated let workTreePath: String?

    /// Opens the cache of `remote` in `cacheFolder`, creating it empty when the folder is missing
    /// or empty; call `fetch(branch:)` next.
    ///
    /// `remote` is a path (relative paths are taken from the current folder), a `file://`,
    /// `git://`, `https://` or `ssh://` URL, or `user@host:path`. The cache is a bare repository
    /// whose `origin` is `remote`. Throws `GitError.cacheHoldsOtherRemote` when the cache was
    /// made for another remote, and `GitError.invalidArgument` when the folder holds other files.
    package init(cacheFor remote: String, in cacheFolder: String, credentials: GitCredentials = .none)
        throws(GitError)
    {
        let currentFolder = FileManager.default.currentDirectoryPath
        let location = RemoteLocation(remote, relativeTo: currentFolder)
        let cache = RemoteLocation.absolute(cacheFolder, relativeTo: currentFolder)
        let repository: Repository
        if let existing = try Self.openIfRepository(cache) {
            guard let configured = try existing.remote(named: Self.remoteName) else {
                throw .noOrigin(repository: cache)
            }
            let found = try configured.url()
            guard found == location.url else {
                throw .cacheHoldsOtherRemote(
                    cache: cache, found: RemoteLocation.redacted(found), wanted: location.displayName)
            }
            repository = existing
        } else {
            try Self.requireEmptyOrMissing(cache)
            repository = try Repository(creatingBareAt: cache)
            _ = try Remote(creating: Self.remoteName, url: location.url, in: repository)
        }
        self.repository = repository
        self.credentials = credentials
        self.origin = location
        self.remoteDisplayName = location.displayName
        self.repositoryPath = try repository.gitDirectory()
        self.workTreePath = nil
    }

    /// Opens the checkout holding `folder` (pipeline mode), searching parent folders as git does.
    ///
    /// Throws `GitError.noCheckout` when no checkout holds it, `GitError.noWorkTree` for a bare
    /// repository and `GitError.noOrigin` when the checkout has no `origin` remote.
    package init(checkoutContaining folder: String, credentials: GitCredentials = .none) throws(GitError) {
        let currentFolder = FileManager.default.currentDirectoryPath
        let start = RemoteLocation.absolute(folder, relativeTo: currentFolder)
        let repository = try Repository(discoveringFrom: start)
        guard let workTree = try repository.workDirectory() else {
            throw .noWorkTree(repository: try repository.gitDirectory())
        }
        guard let configured = try repository.remote(named: Self.remoteName) else {
            throw .noOrigin(repository: workTree)
        }
        let location = RemoteLocation(try configured.url(), relativeTo: workTree)
        self.repository = repository
        self.credentials = credentials
        self.origin = location
        self.remoteDisplayName = location.displayName
        self.repositoryPath = try repository.gitDirectory()
        self.workTreePath = workTree
    }

    /// Throws unless `folder` is missing or an empty folder, where a new cache may be made.
    private static func requireEmptyOrMissing(_ folder: String) throws(GitError) {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw .invalidArgument(
                what: "cache folder", value: folder, reason: "it is not a folder that can be listed (\(error))")
        }
        guard contents.isEmpty else {
            throw .invalidArgument(
                what: "cache folder", value: folder,
                reason: "it holds files but no git repository; remove it or choose another folder")
        }
    }

    /// The repository at `path`, or nil when there is none there.
    private static func openIfRepository(_ path: String) throws(GitError) -> Repository? {
        do {
            return try Repository(opening: path)
        } catch {
            if case .libgit2(_, _, let code, _) = error, code == GIT_ENOTFOUND.rawValue {
                return nil
            }
            throw error
        }
    }

    /// Fetches `branch` from the remote and returns the commit it points to there.
    ///
    /// Updates `refs/remotes/origin/<branch>` and downloads only what that branch needs; tags are
    /// not fetched. Throws `GitError.branchNotFound` when the remote has no such branch.
    package func fetch(branch: String) throws(GitError) -> ObjectID {
        let ref = try Self.branchRef(branch)
        let remote = try originRemote()
        let context = RemoteContext(credentials: credentials, url: origin.url)
        try remote.fetch(["+\(ref):\(Self.trackingRef(branch))"], context: context)
        guard let head = try remote.listHeads(remoteName: remoteDisplayName)[ref] else {
            throw .branchNotFound(branch: branch, remote: remoteDisplayName)
        }
        return head
    }

    /// The commit `branch` points to locally: the remote-tracking ref `refs/remotes/origin/<branch>`
    /// when there is one (after `fetch(branch:)`), else the local branch `refs/heads/<branch>`.
    package func resolveBranch(_ branch: String) throws(GitError) -> ObjectID {
        let candidates = [Self.trackingRef(branch), try Self.branchRef(branch)]
        for name in candidates {
            if let target = try repository.referenceTarget(name) {
                return target
            }
        }
        throw .branchNotResolved(branch: branch, tried: candidates)
    }

    /// The commit's parents, tree, author, message and trailers.
    package func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        let commit = try Commit(id, in: repository)
        let message = try commit.message()
        let author = try commit.author()
        return CommitInfo(
            id: id,
            parents: try commit.parentIDs(),
            treeID: try commit.treeID(),
            author: GitSignature(name: author.name, email: author.email),
            date: Date(timeIntervalSince1970: TimeInterval(author.seconds)),
            message: message,
            trailers: try TrailerArray(parsing: message).trailers()
        )
    }

    /// `refs/heads/<branch>`, after checking that it is a valid ref name.
    static func branchRef(_ branch: String) throws(GitError) -> String {
        let name = "refs/heads/\(branch)"
        guard !branch.isEmpty, try Repository.isValidReferenceName(name) else {
            throw .invalidArgument(what: "branch name", value: branch, reason: "git does not allow it as a branch name")
        }
        return name
    }

    /// `refs/remotes/origin/<branch>`.
    static func trackingRef(_ branch: String) -> String {
        "refs/remotes/\(remoteName)/\(branch)"
    }

    /// A fresh handle on `origin`, so that each operation has its own connection.
    func originRemote() throws(GitError) -> Remote {
        guard let remote = try repository.remote(named: Self.remoteName) else {
            throw .noOrigin(repository: repositoryPath)
        }
        return remote
    }
}
