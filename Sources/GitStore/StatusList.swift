internal import CLibGit2

/// Owns one `git_status_list`: the differences between HEAD, the index and the work tree.
final class StatusList {
    /// The handle; valid for the life of this object.
    let pointer: OpaquePointer
    /// The repository whose work tree was examined.
    let repository: Repository

    /// Compares HEAD, the index and the work tree below `folder` ("" for everything).
    ///
    /// Untracked files count; ignored files do not.
    init(in repository: Repository, folder: String) throws(GitError) {
        var options = git_status_options()
        try LibGit2.check(
            git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)),
            "git_status_options_init",
            "prepare to list changes in '\(repository.path)'"
        )
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        let pathspec = CStringArray(folder.isEmpty ? [] : [folder])
        options.pathspec = pathspec.strarray
        var handle: OpaquePointer?
        let code = git_status_list_new(&handle, repository.pointer, &options)
        let failure =
            code < 0
            ? LibGit2.lastError(
                operation: "list uncommitted changes under '\(folder)' in '\(repository.path)'",
                function: "git_status_list_new", code: code)
            : nil
        withExtendedLifetime(pathspec) {}
        if let failure { throw failure }
        guard let handle else {
            throw .missingValue(operation: "list uncommitted changes", function: "git_status_list_new")
        }
        self.pointer = handle
        self.repository = repository
    }

    deinit {
        git_status_list_free(pointer)
    }

    /// The changed paths, copied out, in path order.
    func changes() throws(GitError) -> [WorkTreeChange] {
        let operation = "list uncommitted changes in '\(repository.path)'"
        var result: [WorkTreeChange] = []
        for index in 0..<git_status_list_entrycount(pointer) {
            guard let entry = git_status_byindex(pointer, index) else {
                throw .missingValue(operation: operation, function: "git_status_byindex")
            }
            let delta = entry.pointee.index_to_workdir ?? entry.pointee.head_to_index
            guard let delta else { continue }
            let raw = delta.pointee.new_file.path ?? delta.pointee.old_file.path
            let path = try LibGit2.string(raw, "git_status_byindex", operation)
            result.append(WorkTreeChange(path: path, kind: Self.kind(of: entry.pointee.status.rawValue)))
        }
        return result
    }

    /// The single most telling kind for a combination of status flags.
    private static func kind(of flags: UInt32) -> WorkTreeChange.Kind {
        func has(_ flag: git_status_t) -> Bool { flags & flag.rawValue != 0 }
        if has(GIT_STATUS_CONFLICTED) { return .conflicted }
        if has(GIT_STATUS_WT_NEW) && !has(GIT_STATUS_INDEX_NEW) { return .untracked }
        if has(GIT_STATUS_INDEX_NEW) { return .added }
        if has(GIT_STATUS_INDEX_DELETED) || has(GIT_STATUS_WT_DELETED) { return .deleted }
        if has(GIT_STATUS_INDEX_RENAMED) || has(GIT_STATUS_WT_RENAMED) { return .renamed }
        if has(GIT_STATUS_INDEX_TYPECHANGE) || has(GIT_STATUS_WT_TYPECHANGE) { return .typeChanged }
        return .modified
    }
}
