internal import CLibGit2

/// Owns one `git_blob` handle; keeps its repository alive.
final class Blob {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository the blob was read from.
    let repository: Repository
    /// The blob's id.
    let id: ObjectID

    /// Looks up the blob `id`; fails when the object is missing or is not a blob.
    init(_ id: ObjectID, in repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        var oid = id.oid
        try LibGit2.check(
            git_blob_lookup(&handle, repository.pointer, &oid),
            "git_blob_lookup",
            "read blob \(id.shortHex) in '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "read blob \(id.shortHex)", function: "git_blob_lookup")
        }
        self.pointer = handle
        self.repository = repository
        self.id = id
    }

    deinit {
        git_blob_free(pointer)
    }

    /// The blob's content, copied.
    func bytes() throws(GitError) -> [UInt8] {
        let size = Int(git_blob_rawsize(pointer))
        guard size > 0 else { return [] }
        guard let raw = git_blob_rawcontent(pointer) else {
            throw .missingValue(operation: "read blob \(id.shortHex)", function: "git_blob_rawcontent")
        }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
