import FoundationEssentials

/// Pipeline mode: what the checkout's work tree holds beside the commits.
extension GitStore {
    /// The commit `HEAD` points to; in pipeline mode, the commit checked out.
    package func headCommit() throws(GitError) -> ObjectID {
        guard let head = try repository.referenceTarget("HEAD") else {
            throw .nothingCheckedOut(workTree: workTreePath ?? repositoryPath)
        }
        return head
    }

    /// The branch checked out (`main`), or nil when `HEAD` is detached or names no branch.
    package func checkedOutBranch() throws(GitError) -> String? {
        guard let target = try repository.symbolicTarget("HEAD"), target.hasPrefix("refs/heads/") else {
            return nil
        }
        return String(target.dropFirst("refs/heads/".count))
    }

    /// The uncommitted changes (staged, unstaged and untracked, not ignored) below `folder` of
    /// the work tree, in path order; empty when the folder is clean.
    ///
    /// `folder` is relative to the top of the work tree. Throws `GitError.noWorkTree` for a cache.
    package func uncommittedChanges(under folder: String) throws(GitError) -> [WorkTreeChange] {
        guard workTreePath != nil else {
            throw .noWorkTree(repository: repositoryPath)
        }
        let path = try RepositoryPath.folder(folder, what: "manifest folder")
        return try StatusList(in: repository, folder: path).changes()
    }

    /// The manifest files as they are in the work tree now, for `drift` in pipeline mode: every
    /// `*.yaml` and `*.yml` file below `folder`, at any depth, that git does not ignore, with
    /// paths from the top of the work tree, sorted; nil when the folder does not exist.
    ///
    /// The same selection as `manifests(at:folder:)`, so a caller can treat both alike.
    /// Throws `GitError.noWorkTree` for a cache and `GitError.workTreeUnreadable` when a file
    /// or folder cannot be read.
    /// Limitation: symlinks are skipped, as they are in commits.
    package func workTreeManifests(folder: String) throws(GitError) -> [RepositoryFile]? {
        guard let workTreePath else {
            throw .noWorkTree(repository: repositoryPath)
        }
        let path = try RepositoryPath.folder(folder, what: "manifest folder")
        let top = path.isEmpty ? workTreePath : workTreePath + path + "/"
        guard try Self.itemType(top) == .typeDirectory else { return nil }
        let names: [String]
        do {
            names = try FileManager.default.subpathsOfDirectory(atPath: top)
        } catch {
            throw .workTreeUnreadable(path: top, reason: "\(error)")
        }
        var files: [RepositoryFile] = []
        for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let relative = path.isEmpty ? name : path + "/" + name
            guard !relative.split(separator: "/").contains(".git"), try Self.itemType(top + name) == .typeRegular,
                try !repository.isIgnored(relative)
            else { continue }
            files.append(RepositoryFile(path: relative, contents: try Self.read(top + name)))
        }
        return files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The type of the item at `path` itself (a symlink is not followed); nil when it does not
    /// exist.
    private static func itemType(_ path: String) throws(GitError) -> FileAttributeType? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
        } catch {
            throw .workTreeUnreadable(path: path, reason: "\(error)")
        }
    }

    private static func read(_ path: String) throws(GitError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .workTreeUnreadable(path: path, reason: "the file cannot be read")
        }
        return Array(data)
    }
}
