internal import CLibGit2

/// Owns one `git_tree` handle; keeps its repository alive.
final class Tree {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository the tree was read from.
    let repository: Repository
    /// The tree's id.
    let id: ObjectID

    /// Looks up the tree `id`; fails when the object is missing or is not a tree.
    init(_ id: ObjectID, in repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        var oid = id.oid
        try LibGit2.check(
            git_tree_lookup(&handle, repository.pointer, &oid),
            "git_tree_lookup",
            "read tree \(id.shortHex) in '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "read tree \(id.shortHex)", function: "git_tree_lookup")
        }
        self.pointer = handle
        self.repository = repository
        self.id = id
    }

    deinit {
        git_tree_free(pointer)
    }

    /// The entries, copied out of the tree in git's order.
    ///
    /// `location` names the tree in messages, for example `status/`. An entry name that is not
    /// valid UTF-8 fails with `GitError.invalidUTF8`.
    func entries(location: String) throws(GitError) -> [TreeEntry] {
        let operation = "list the tree '\(location)' (\(id.shortHex))"
        var result: [TreeEntry] = []
        for index in 0..<git_tree_entrycount(pointer) {
            guard let entry = git_tree_entry_byindex(pointer, index) else {
                throw .missingValue(operation: operation, function: "git_tree_entry_byindex")
            }
            result.append(
                TreeEntry(
                    name: try LibGit2.string(git_tree_entry_name(entry), "git_tree_entry_name", operation),
                    id: try ObjectID(git_tree_entry_id(entry), "git_tree_entry_id", operation),
                    mode: git_tree_entry_filemode(entry).rawValue
                ))
        }
        return result
    }
}

/// One entry of a tree, copied out of libgit2.
struct TreeEntry: Equatable {
    /// The file or folder name, without any slash.
    var name: String
    /// The blob, tree or submodule commit the entry names.
    var id: ObjectID
    /// The git file mode (`0o100644`, `0o100755`, `0o120000`, `0o040000` or `0o160000`).
    var mode: UInt32

    /// True for a sub-folder.
    var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }

    /// True for a regular file, executable or not; false for symlinks and submodules.
    var isRegularFile: Bool {
        mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue
    }

    /// True for a symbolic link, whose blob holds the link's target.
    var isSymlink: Bool { mode == GIT_FILEMODE_LINK.rawValue }

    /// True for a submodule, whose id names a commit of another repository.
    var isSubmodule: Bool { mode == GIT_FILEMODE_COMMIT.rawValue }
}
