/// Reading trees at a commit: manifests, status files and the ids that tell whether they changed.
extension GitStore {
    /// Every `*.yaml` and `*.yml` file below `folder` at `commit`, at any depth, read from the
    /// object database.
    ///
    /// `folder` is relative to the top of the repository (`channels`, `./channels/` and
    /// `channels/` are the same; `.` or "" is the top). A commit without the folder gives a
    /// snapshot with `treeID` nil and no files. Throws `GitError.invalidArgument` when the folder
    /// is a file at that commit, and `GitError.invalidUTF8` for a file name that is not UTF-8.
    /// Limitation: symlinks and submodules below the folder are skipped, since their blobs hold
    /// a link target or name another repository rather than a manifest.
    package func manifests(at commit: ObjectID, folder: String) throws(GitError) -> ManifestSnapshot {
        let path = try RepositoryPath.folder(folder, what: "manifest folder")
        guard let tree = try subtree(at: commit, path: path, what: "manifest folder") else {
            return ManifestSnapshot(commit: commit, folder: path, treeID: nil, files: [])
        }
        var files: [RepositoryFile] = []
        try collectFiles(in: tree, prefix: path.isEmpty ? "" : path + "/", into: &files) { name in
            name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return ManifestSnapshot(commit: commit, folder: path, treeID: tree.id, files: files)
    }

    /// The id of the tree of `folder` at `commit`, or nil when the commit has no such folder.
    ///
    /// Equal ids mean identical content, so comparing the manifest folder's id between the last
    /// reconciled commit and a new head tells whether the manifests changed.
    package func treeID(at commit: ObjectID, folder: String) throws(GitError) -> ObjectID? {
        let path = try RepositoryPath.folder(folder, what: "folder")
        return try subtree(at: commit, path: path, what: "folder")?.id
    }

    /// The files below `status/` at `commit`, at any depth, keyed by their path relative to
    /// `status/`; empty when there is no such folder.
    ///
    /// The keys are in the form `makeStatusCommit` takes, so a caller can compare what would be
    /// written with what is there.
    package func statusFiles(at commit: ObjectID) throws(GitError) -> [String: [UInt8]] {
        guard let tree = try subtree(at: commit, path: Self.statusFolder, what: "status folder") else {
            return [:]
        }
        var files: [RepositoryFile] = []
        try collectFiles(in: tree, prefix: "", into: &files) { _ in true }
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether anything outside `status/` differs between the trees of `old` and `new`.
    ///
    /// False when every commit between them changed only `status/` (or changes cancelled out),
    /// so status commits, channelops' own or another instance's, never start a reconcile.
    package func changesOutsideStatus(from old: ObjectID, to new: ObjectID) throws(GitError) -> Bool {
        let before = try Commit(old, in: repository).tree().entries(location: "/")
        let after = try Commit(new, in: repository).tree().entries(location: "/")
        let outside = { (entries: [TreeEntry]) in entries.filter { $0.name != Self.statusFolder } }
        return outside(before) != outside(after)
    }

    /// The tree at `path` below the root of `commit`, or nil when there is none.
    func subtree(at commit: ObjectID, path: String, what: String) throws(GitError) -> Tree? {
        var tree = try Commit(commit, in: repository).tree()
        var walked: [String] = []
        for component in path.split(separator: "/").map(String.init) {
            let location = walked.isEmpty ? "/" : walked.joined(separator: "/") + "/"
            guard let entry = try tree.entries(location: location).first(where: { $0.name == component }) else {
                return nil
            }
            walked.append(component)
            guard entry.isTree else {
                throw .invalidArgument(
                    what: what, value: path,
                    reason: "'\(walked.joined(separator: "/"))' is a file at commit \(commit.shortHex), not a folder")
            }
            tree = try Tree(entry.id, in: repository)
        }
        return tree
    }

    /// Appends the regular files below `tree` whose names `include` accepts, with `prefix`
    /// before their paths.
    func collectFiles(
        in tree: Tree,
        prefix: String,
        into files: inout [RepositoryFile],
        include: (String) -> Bool
    ) throws(GitError) {
        for entry in try tree.entries(location: prefix.isEmpty ? "/" : prefix) {
            if entry.isTree {
                let subtree = try Tree(entry.id, in: repository)
                try collectFiles(in: subtree, prefix: prefix + entry.name + "/", into: &files, include: include)
            } else if entry.isRegularFile, include(entry.name) {
                let contents = try Blob(entry.id, in: repository).bytes()
                files.append(RepositoryFile(path: prefix + entry.name, contents: contents))
            }
        }
    }
}
