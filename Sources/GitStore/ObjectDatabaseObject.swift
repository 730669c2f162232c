internal import CLibGit2

/// Owns one `git_odb_object`: the raw content and type of an object read from a store.
final class ObjectDatabaseObject {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The store it was read from, kept alive while the content may be read.
    let database: ObjectDatabase

    /// Reads `id` from `database`.
    init(_ id: ObjectID, in database: ObjectDatabase) throws(GitError) {
        var handle: OpaquePointer?
        var oid = id.oid
        try LibGit2.check(
            git_odb_read(&handle, database.pointer, &oid),
            "git_odb_read",
            "read object \(id.shortHex) from '\(database.repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "read object \(id.shortHex)", function: "git_odb_read")
        }
        self.pointer = handle
        self.database = database
    }

    deinit {
        git_odb_object_free(pointer)
    }

    /// The object's type.
    var type: git_object_t { git_odb_object_type(pointer) }

    /// The object's raw content, copied.
    var bytes: [UInt8] {
        let size = git_odb_object_size(pointer)
        guard size > 0, let raw = git_odb_object_data(pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
