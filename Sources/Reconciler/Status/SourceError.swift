package import GitStore

/// Why the config repository could not be read or written.
package enum SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A git operation failed.
    case git(GitError)
    /// Neither `--cache-dir`, `XDG_CACHE_HOME` nor `HOME` gives a folder for the clone.
    case noCacheFolder
    /// The manifest folder does not exist at the commit to reconcile.
    case manifestFolderMissing(folder: String, commit: ObjectID)
    /// Pipeline mode: the checkout is on another branch than the one the status goes to, so
    /// the status would describe manifests that branch does not hold.
    case otherBranchCheckedOut(checkedOut: String, statusBranch: String)

    /// What failed and what to do.
    package var description: String {
        switch self {
        case .git(let error):
            return error.description
        case .noCacheFolder:
            return "no folder for the repository cache: set XDG_CACHE_HOME or HOME, or pass --cache-dir DIR"
        case .manifestFolderMissing(let folder, let commit):
            return "the manifest folder '\(folder)' does not exist at commit \(commit.shortHex); "
                + "check --path, or commit the manifests there"
        case .otherBranchCheckedOut(let checkedOut, let statusBranch):
            return "the checkout is on branch '\(checkedOut)', but the status goes to branch '\(statusBranch)' "
                + "(--branch, default main); check out \(statusBranch), pass --branch \(checkedOut), or run with "
                + "--no-status"
        }
    }

    /// Whether the folder is not in a git checkout that pipeline mode can use: none holds it,
    /// it is bare, it has no `origin`, or nothing is committed yet.
    package var isNotACheckout: Bool {
        guard case .git(let error) = self else { return false }
        switch error {
        case .noCheckout, .noWorkTree, .noOrigin, .nothingCheckedOut: return true
        default: return false
        }
    }

    /// Whether trying again later may succeed: network and push failures, not configuration.
    package var isTransient: Bool {
        switch self {
        case .git(let error):
            switch error {
            case .libgit2, .pushRejected, .branchKeptMoving: return true
            default: return false
            }
        case .noCacheFolder, .manifestFolderMissing, .otherBranchCheckedOut:
            return false
        }
    }
}
