internal import CLibGit2

/// Owns one `git_odb` handle: a repository's object store, read and written object by object.
final class ObjectDatabase {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository whose store this is.
    let repository: Repository

    /// Opens the object store of `repository`.
    init(of repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        try LibGit2.check(
            git_repository_odb(&handle, repository.pointer),
            "git_repository_odb",
            "open the object store of '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "open an object store", function: "git_repository_odb")
        }
        self.pointer = handle
        self.repository = repository
    }

    deinit {
        git_odb_free(pointer)
    }

    /// True when the store holds the object.
    func contains(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return git_odb_exists(pointer, &oid) == 1
    }

    /// Reads one object.
    func read(_ id: ObjectID) throws(GitError) -> ObjectDatabaseObject {
        try ObjectDatabaseObject(id, in: self)
    }

    /// Stores raw object content of the given type and returns its id.
    func write(_ bytes: [UInt8], type: git_object_t) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { raw in
            git_odb_write(&oid, pointer, raw.baseAddress, raw.count, type)
        }
        try LibGit2.check(code, "git_odb_write", "store an object in '\(repository.path)'")
        return ObjectID(oid)
    }
}
