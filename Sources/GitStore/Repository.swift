internal import CLibGit2

/// Owns one `git_repository` handle and frees it when the last reference goes.
///
/// Not thread-safe, like the handle: only the `GitStore` actor uses it. Objects looked up in the
/// repository (commits, trees, blobs, remotes) keep it alive through a strong reference.
final class Repository {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The path the repository was opened from, for messages.
    let path: String

    /// Opens the repository at exactly `path`, without searching parent folders.
    ///
    /// Throws `GitError.libgit2` with code `GIT_ENOTFOUND` when `path` holds no repository.
    init(opening path: String) throws(GitError) {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try LibGit2.check(
            git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "git_repository_open_ext",
            "open the repository at '\(path)'"
        )
        self.pointer = try Self.require(handle, "git_repository_open_ext", path)
        self.path = path
    }

    /// Finds the repository holding `folder`, searching parent folders as git does.
    ///
    /// Throws `GitError.noCheckout` when no parent holds one.
    init(discoveringFrom folder: String) throws(GitError) {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, folder, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw .noCheckout(folder: folder)
        }
        try LibGit2.check(code, "git_repository_open_ext", "find the git checkout holding '\(folder)'")
        self.pointer = try Self.require(handle, "git_repository_open_ext", folder)
        self.path = folder
    }

    /// Creates an empty bare repository at `path`, making missing parent folders.
    init(creatingBareAt path: String) throws(GitError) {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try LibGit2.check(
            git_repository_init(&handle, path, 1),
            "git_repository_init",
            "create a bare repository at '\(path)'"
        )
        self.pointer = try Self.require(handle, "git_repository_init", path)
        self.path = path
    }

    deinit {
        git_repository_free(pointer)
    }

    private static func require(
        _ handle: OpaquePointer?,
        _ function: String,
        _ path: String
    ) throws(GitError) -> OpaquePointer {
        guard let handle else {
            throw .missingValue(operation: "open the repository at '\(path)'", function: function)
        }
        return handle
    }

    /// True when the repository has no work tree.
    var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// The folder of the work tree, with a trailing slash; nil for a bare repository.
    func workDirectory() throws(GitError) -> String? {
        guard let raw = git_repository_workdir(pointer) else { return nil }
        return try LibGit2.string(raw, "git_repository_workdir", "read the work tree of '\(path)'")
    }

    /// The `.git` folder, or the repository itself when bare, with a trailing slash.
    func gitDirectory() throws(GitError) -> String {
        try LibGit2.string(git_repository_path(pointer), "git_repository_path", "read the location of '\(path)'")
    }

    /// The object a reference resolves to, or nil when the reference does not exist.
    func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue {
            return nil
        }
        try LibGit2.check(code, "git_reference_name_to_id", "resolve \(name) in '\(path)'")
        return ObjectID(oid)
    }

    /// The name the symbolic reference `name` points to (`refs/heads/main` for `HEAD` on
    /// `main`); nil when `name` is missing or points straight at a commit (a detached `HEAD`).
    func symbolicTarget(_ name: String) throws(GitError) -> String? {
        var reference: OpaquePointer?
        let code = git_reference_lookup(&reference, pointer, name)
        if code == GIT_ENOTFOUND.rawValue {
            return nil
        }
        try LibGit2.check(code, "git_reference_lookup", "read \(name) in '\(path)'")
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
            let target = git_reference_symbolic_target(reference)
        else {
            return nil
        }
        return String(cString: target)
    }

    /// Points `name` at `target`, creating or overwriting it.
    func setReference(_ name: String, to target: ObjectID, logMessage: String) throws(GitError) {
        var oid = target.oid
        try LibGit2.check(
            git_reference_create(nil, pointer, name, &oid, 1, logMessage),
            "git_reference_create",
            "set \(name) to \(target.shortHex) in '\(path)'"
        )
    }

    /// Deletes the reference `name`; does nothing when it does not exist.
    func removeReference(_ name: String) throws(GitError) {
        let code = git_reference_remove(pointer, name)
        if code == GIT_ENOTFOUND.rawValue {
            return
        }
        try LibGit2.check(code, "git_reference_remove", "delete \(name) in '\(path)'")
    }

    /// Points `name` at `target` only if it still points at `expected` (nil: does not exist).
    ///
    /// The check and the write happen under libgit2's ref lock, so of two concurrent calls with
    /// the same `expected` at most one succeeds. Returns false, changing nothing, when the ref
    /// holds something else.
    func compareAndSwapReference(
        _ name: String,
        to target: ObjectID,
        expected: ObjectID?,
        logMessage: String
    ) throws(GitError) -> Bool {
        var oid = target.oid
        let code: Int32
        let function: String
        if let expected {
            var old = expected.oid
            code = git_reference_create_matching(nil, pointer, name, &oid, 1, &old, logMessage)
            function = "git_reference_create_matching"
        } else {
            code = git_reference_create(nil, pointer, name, &oid, 0, logMessage)
            function = "git_reference_create"
        }
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue || code == GIT_ENOTFOUND.rawValue {
            return false
        }
        try LibGit2.check(code, function, "update \(name) in '\(path)'")
        return true
    }

    /// Whether `name` is a well-formed reference name.
    static func isValidReferenceName(_ name: String) throws(GitError) -> Bool {
        try LibGit2.initialize()
        var valid: Int32 = 0
        try LibGit2.check(
            git_reference_name_is_valid(&valid, name),
            "git_reference_name_is_valid",
            "check the reference name '\(name)'"
        )
        return valid == 1
    }

    /// Whether git ignores `path` (relative to the top of the work tree), by `.gitignore` files,
    /// `.git/info/exclude` and `core.excludesFile`.
    func isIgnored(_ path: String) throws(GitError) -> Bool {
        var ignored: Int32 = 0
        try LibGit2.check(
            git_status_should_ignore(&ignored, pointer, path),
            "git_status_should_ignore",
            "check whether '\(path)' is ignored in '\(self.path)'"
        )
        return ignored == 1
    }

    /// Stores `bytes` as a blob and returns its id.
    func createBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { raw in
            git_blob_create_from_buffer(&oid, pointer, raw.baseAddress, raw.count)
        }
        try LibGit2.check(code, "git_blob_create_from_buffer", "store a blob in '\(path)'")
        return ObjectID(oid)
    }

    /// Writes a commit without moving any reference, and returns its id.
    func createCommit(
        tree: Tree,
        parents: [Commit],
        author: Signature,
        committer: Signature,
        message: String
    ) throws(GitError) -> ObjectID {
        var oid = git_oid()
        var parentPointers: [OpaquePointer?] = parents.map { $0.pointer }
        let code = parentPointers.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &oid, pointer, nil, author.pointer, committer.pointer, "UTF-8", message,
                tree.pointer, buffer.count, buffer.baseAddress)
        }
        // The parents and the tree must outlive the call that reads their handles.
        withExtendedLifetime((parents, tree)) {}
        try LibGit2.check(code, "git_commit_create", "create a commit in '\(path)'")
        return ObjectID(oid)
    }

    /// The remote named `name`, or nil when the repository has none of that name.
    func remote(named name: String) throws(GitError) -> Remote? {
        try Remote(lookingUp: name, in: self)
    }
}
