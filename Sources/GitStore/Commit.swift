internal import CLibGit2

/// Owns one `git_commit` handle; keeps its repository alive.
final class Commit {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository the commit was read from.
    let repository: Repository
    /// The commit's id.
    let id: ObjectID

    /// Looks up the commit `id`; fails when the object is missing or is not a commit.
    init(_ id: ObjectID, in repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        var oid = id.oid
        try LibGit2.check(
            git_commit_lookup(&handle, repository.pointer, &oid),
            "git_commit_lookup",
            "read commit \(id.shortHex) in '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "read commit \(id.shortHex)", function: "git_commit_lookup")
        }
        self.pointer = handle
        self.repository = repository
        self.id = id
    }

    deinit {
        git_commit_free(pointer)
    }

    /// The id of the commit's root tree.
    func treeID() throws(GitError) -> ObjectID {
        try ObjectID(git_commit_tree_id(pointer), "git_commit_tree_id", "read the tree of commit \(id.shortHex)")
    }

    /// The commit's root tree.
    func tree() throws(GitError) -> Tree {
        try Tree(try treeID(), in: repository)
    }

    /// The ids of the parents, in order.
    func parentIDs() throws(GitError) -> [ObjectID] {
        var result: [ObjectID] = []
        for index in 0..<git_commit_parentcount(pointer) {
            result.append(
                try ObjectID(
                    git_commit_parent_id(pointer, index),
                    "git_commit_parent_id",
                    "read the parents of commit \(id.shortHex)"
                ))
        }
        return result
    }

    /// The full message, as stored.
    func message() throws(GitError) -> String {
        try LibGit2.string(
            git_commit_message(pointer), "git_commit_message", "read the message of commit \(id.shortHex)")
    }

    /// The author's name, e-mail and time.
    func author() throws(GitError) -> (name: String, email: String, seconds: Int64) {
        let operation = "read the author of commit \(id.shortHex)"
        guard let signature = git_commit_author(pointer) else {
            throw .missingValue(operation: operation, function: "git_commit_author")
        }
        let name = try LibGit2.string(signature.pointee.name, "git_commit_author", operation)
        let email = try LibGit2.string(signature.pointee.email, "git_commit_author", operation)
        return (name, email, signature.pointee.when.time)
    }
}
