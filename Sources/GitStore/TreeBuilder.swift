internal import CLibGit2

/// Owns one `git_treebuilder`, which assembles a tree in memory without a work tree or index.
final class TreeBuilder {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository the tree is written to.
    let repository: Repository
    /// The tree the builder started from, kept alive while the builder may read it.
    private let source: Tree?

    /// Starts from the entries of `source`, or from an empty tree.
    init(in repository: Repository, startingFrom source: Tree?) throws(GitError) {
        var handle: OpaquePointer?
        try LibGit2.check(
            git_treebuilder_new(&handle, repository.pointer, source?.pointer),
            "git_treebuilder_new",
            "start a tree in '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "start a tree", function: "git_treebuilder_new")
        }
        self.pointer = handle
        self.repository = repository
        self.source = source
    }

    deinit {
        git_treebuilder_free(pointer)
    }

    /// Adds or replaces the entry `name`.
    func insert(_ name: String, id: ObjectID, mode: git_filemode_t) throws(GitError) {
        var oid = id.oid
        try LibGit2.check(
            git_treebuilder_insert(nil, pointer, name, &oid, mode),
            "git_treebuilder_insert",
            "add '\(name)' to a tree"
        )
    }

    /// Removes the entry `name` if there is one.
    func remove(_ name: String) throws(GitError) {
        guard git_treebuilder_get(pointer, name) != nil else { return }
        try LibGit2.check(
            git_treebuilder_remove(pointer, name), "git_treebuilder_remove", "remove '\(name)' from a tree")
    }

    /// Writes the tree to the object database and returns its id.
    func write() throws(GitError) -> ObjectID {
        var oid = git_oid()
        try LibGit2.check(git_treebuilder_write(&oid, pointer), "git_treebuilder_write", "write a tree")
        return ObjectID(oid)
    }
}
