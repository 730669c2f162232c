internal import CLibGit2

/// Owns one `git_remote` handle; keeps its repository alive.
///
/// Each network operation opens its own connection, which the handle closes when freed, so a
/// `Remote` is made for one operation and then dropped.
final class Remote {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository the remote is configured in.
    let repository: Repository
    /// The callbacks' context of the last operation, kept as long as the handle that may still
    /// hold a pointer to it.
    private var context: RemoteContext?

    /// Looks up the configured remote `name`; nil when there is none.
    init?(lookingUp name: String, in repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        let code = git_remote_lookup(&handle, repository.pointer, name)
        if code == GIT_ENOTFOUND.rawValue {
            return nil
        }
        try LibGit2.check(code, "git_remote_lookup", "read the remote '\(name)' of '\(repository.path)'")
        guard let handle else {
            throw .missingValue(operation: "read the remote '\(name)'", function: "git_remote_lookup")
        }
        self.pointer = handle
        self.repository = repository
    }

    /// Adds the remote `name` with `url` and git's default fetch refspec to the configuration.
    init(creating name: String, url: String, in repository: Repository) throws(GitError) {
        var handle: OpaquePointer?
        try LibGit2.check(
            git_remote_create(&handle, repository.pointer, name, url),
            "git_remote_create",
            "add the remote '\(name)' to '\(repository.path)'"
        )
        guard let handle else {
            throw .missingValue(operation: "add the remote '\(name)'", function: "git_remote_create")
        }
        self.pointer = handle
        self.repository = repository
    }

    deinit {
        git_remote_free(pointer)
    }

    /// The configured URL.
    func url() throws(GitError) -> String {
        try LibGit2.string(
            git_remote_url(pointer), "git_remote_url", "read the URL of a remote of '\(repository.path)'")
    }

    /// Downloads what `refspecs` name and updates the local refs they map to.
    func fetch(_ refspecs: [String], context: RemoteContext) throws(GitError) {
        self.context = context
        var options = git_fetch_options()
        try LibGit2.check(
            git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)),
            "git_fetch_options_init",
            "prepare a fetch from '\(context.remoteName)'"
        )
        options.callbacks = try context.callbacks()
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.proxy_opts.type = GIT_PROXY_AUTO
        let specs = CStringArray(refspecs)
        var array = specs.strarray
        let code = git_remote_fetch(pointer, &array, &options, "channelops: fetch")
        let failure =
            code < 0
            ? LibGit2.lastError(
                operation: "fetch from '\(context.remoteName)'", function: "git_remote_fetch", code: code) : nil
        withExtendedLifetime((specs, context)) {}
        try Self.raise(failure, context)
    }

    /// Connects for reading and returns every ref the remote advertises, by name.
    func advertisedRefs(context: RemoteContext) throws(GitError) -> [String: ObjectID] {
        self.context = context
        var callbacks = try context.callbacks()
        var proxy = git_proxy_options()
        try LibGit2.check(
            git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION)),
            "git_proxy_options_init",
            "prepare a connection to '\(context.remoteName)'"
        )
        proxy.type = GIT_PROXY_AUTO
        let code = git_remote_connect(pointer, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil)
        let failure =
            code < 0
            ? LibGit2.lastError(
                operation: "connect to '\(context.remoteName)'", function: "git_remote_connect", code: code) : nil
        withExtendedLifetime(context) {}
        try Self.raise(failure, context)
        return try listHeads(remoteName: context.remoteName)
    }

    /// The refs advertised during the last connection, fetch included.
    func listHeads(remoteName: String) throws(GitError) -> [String: ObjectID] {
        let operation = "list the refs of '\(remoteName)'"
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try LibGit2.check(git_remote_ls(&heads, &count, pointer), "git_remote_ls", operation)
        var result: [String: ObjectID] = [:]
        for index in 0..<count {
            guard let head = heads?[index] else { continue }
            let name = try LibGit2.string(head.pointee.name, "git_remote_ls", operation)
            result[name] = ObjectID(head.pointee.oid)
        }
        return result
    }

    /// Pushes `refspecs` without force.
    ///
    /// Returns normally when the push ran, even if the remote refused some refs: those are in
    /// `context.rejectedRefs`, and refs found to hold an unexpected value in `context.movedRefs`.
    /// Returns `false` when libgit2 refused locally because an update is not a fast-forward.
    func push(_ refspecs: [String], context: RemoteContext) throws(GitError) -> Bool {
        self.context = context
        var options = git_push_options()
        try LibGit2.check(
            git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)),
            "git_push_options_init",
            "prepare a push to '\(context.remoteName)'"
        )
        options.callbacks = try context.callbacks()
        options.proxy_opts.type = GIT_PROXY_AUTO
        let specs = CStringArray(refspecs)
        var array = specs.strarray
        let code = git_remote_push(pointer, &array, &options)
        let failure =
            code < 0
            ? LibGit2.lastError(operation: "push to '\(context.remoteName)'", function: "git_remote_push", code: code)
            : nil
        withExtendedLifetime((specs, context)) {}
        if code == GIT_ENONFASTFORWARD.rawValue {
            return false
        }
        if code < 0, !context.movedRefs.isEmpty, context.callbackFailure == nil {
            return true
        }
        try Self.raise(failure, context)
        return true
    }

    /// Throws the most specific error for a failed call: bad credentials, a callback that could
    /// not read its arguments, or libgit2's own error.
    private static func raise(_ failure: GitError?, _ context: RemoteContext) throws(GitError) {
        guard let failure else { return }
        if let reason = context.authenticationFailure {
            throw .authentication(remote: context.remoteName, reason: reason)
        }
        if let callbackFailure = context.callbackFailure {
            throw callbackFailure
        }
        // libgit2 may quote the URL it was given; a password in it must not reach a message.
        if case .libgit2(let operation, let function, let code, let message) = failure,
            context.url != context.remoteName
        {
            throw .libgit2(
                operation: operation, function: function, code: code,
                message: message.replacing(context.url, with: context.remoteName))
        }
        throw failure
    }
}
