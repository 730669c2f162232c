/// A failure of a git operation: a libgit2 call, the repository's state or an invalid request.
///
/// Every message says what failed and, where the user can act, what to do. Messages never hold a
/// credential: remote URLs are shown without their user-info part.
package enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libgit2 call returned a negative code; `message` is libgit2's own text.
    case libgit2(operation: String, function: String, code: Int32, message: String)
    /// A libgit2 call returned text (a path, a name, a message) that is not valid UTF-8.
    case invalidUTF8(operation: String, function: String)
    /// A libgit2 call returned no value where one was expected.
    case missingValue(operation: String, function: String)
    /// No git checkout holds the folder pipeline mode started from.
    case noCheckout(folder: String)
    /// The repository found for pipeline mode is bare, so it has no work tree to check.
    case noWorkTree(repository: String)
    /// The checkout's `HEAD` names a branch without any commit yet.
    case nothingCheckedOut(workTree: String)
    /// A file or folder of the work tree could not be read.
    case workTreeUnreadable(path: String, reason: String)
    /// The repository has no remote named `origin` to fetch from and push to.
    case noOrigin(repository: String)
    /// The cache folder already holds a clone of another remote.
    case cacheHoldsOtherRemote(cache: String, found: String, wanted: String)
    /// The remote does not have the branch.
    case branchNotFound(branch: String, remote: String)
    /// Neither the remote-tracking ref nor the local branch exists.
    case branchNotResolved(branch: String, tried: [String])
    /// A caller-supplied value (a path, a branch, an instance, a trailer) is not acceptable.
    case invalidArgument(what: String, value: String, reason: String)
    /// The remote asked for credentials that could not be supplied or were refused.
    case authentication(remote: String, reason: String)
    /// The remote refused a ref update for a reason other than the ref having moved.
    case pushRejected(ref: String, remote: String, reason: String)
    /// Every attempt to publish status found the branch moved again before the push.
    case branchKeptMoving(branch: String, remote: String, attempts: Int)
    /// The lease ref points to something that is not a lease this module wrote.
    case invalidLease(ref: String, commit: ObjectID, reason: String)

    /// The message for the user: what failed, where, and what to do.
    package var description: String {
        switch self {
        case .libgit2(let operation, let function, let code, let message):
            // libgit2's GIT_ECERTIFICATE: the server's certificate was not trusted.
            let hint =
                code == -17
                ? "; if a private CA signed the remote's certificate, set \(GitStore.caBundleVariable) to its PEM file"
                : ""
            return "\(operation) failed: \(function) returned \(code): \(message)\(hint)"
        case .invalidUTF8(let operation, let function):
            return "\(operation) failed: \(function) returned text that is not valid UTF-8"
        case .missingValue(let operation, let function):
            return "\(operation) failed: \(function) returned no value"
        case .noCheckout(let folder):
            return "no git checkout holds '\(folder)'; run inside a checkout or pass --repo URL_OR_PATH"
        case .noWorkTree(let repository):
            return "the repository at '\(repository)' is bare and has no work tree; "
                + "run inside a checkout or pass --repo URL_OR_PATH"
        case .nothingCheckedOut(let workTree):
            return "the checkout at '\(workTree)' has no commit checked out yet; commit the manifests first"
        case .workTreeUnreadable(let path, let reason):
            return "cannot read '\(path)' in the work tree: \(reason); check its permissions"
        case .noOrigin(let repository):
            return "the repository at '\(repository)' has no remote named 'origin'; "
                + "add one with 'git remote add origin URL' or pass --repo URL_OR_PATH"
        case .cacheHoldsOtherRemote(let cache, let found, let wanted):
            return "the cache folder '\(cache)' holds a clone of '\(found)', not '\(wanted)'; "
                + "remove the folder or choose another cache folder"
        case .branchNotFound(let branch, let remote):
            return "branch '\(branch)' does not exist on '\(remote)'; check --branch"
        case .branchNotResolved(let branch, let tried):
            return "branch '\(branch)' not found (looked for \(tried.joined(separator: ", "))); "
                + "check --branch and fetch first"
        case .invalidArgument(let what, let value, let reason):
            return "invalid \(what) '\(value)': \(reason)"
        case .authentication(let remote, let reason):
            return "authentication to '\(remote)' failed: \(reason)"
        case .pushRejected(let ref, let remote, let reason):
            return "'\(remote)' rejected the update of \(ref): \(reason)"
        case .branchKeptMoving(let branch, let remote, let attempts):
            return "publishing status on branch '\(branch)' of '\(remote)' failed: the branch moved "
                + "before each of \(attempts) pushes; the next run tries again"
        case .invalidLease(let ref, let commit, let reason):
            return "the lease ref \(ref) points to \(commit.shortHex), which is not a lease: \(reason); "
                + "delete the ref on the remote while no watcher runs"
        }
    }
}
