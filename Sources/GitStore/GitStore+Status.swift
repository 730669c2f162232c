internal import CLibGit2
package import FoundationEssentials

/// Writing status back: the status commit, its push, and the fetch-rebuild-push loop.
extension GitStore {
    /// Creates a commit on `parent` whose `status/` folder holds exactly `files`, and nothing
    /// else changed; returns nil, creating nothing, when `status/` already holds exactly that.
    ///
    /// `files` maps paths relative to `status/` (`support-bot.yaml`, `REPORT.md`, `a/b.yaml`) to
    /// their bytes; files under `status/` that are not in the map are deleted, and an empty map
    /// removes the folder. Everything outside `status/` is taken unchanged from `parent`. The
    /// commit is written to the object database only: no ref, index or work tree is touched, so
    /// a caller that does not push it leaves no trace but an unreachable object. `author` is
    /// both author and committer, dated `date` in UTC. Throws `GitError.invalidArgument` for a
    /// path that is not canonical (see `statusFiles(at:)` for the form) or whose folder is also
    /// a file, and for an invalid message.
    package func makeStatusCommit(
        onto parent: ObjectID,
        files: [String: [UInt8]],
        message: StatusCommitMessage,
        author: GitSignature = .channelops,
        date: Date
    ) throws(GitError) -> ObjectID? {
        let text = try message.rendered()
        let parentCommit = try Commit(parent, in: repository)
        let root = try parentCommit.tree()

        // Replace or remove the status folder in a copy of the parent's root tree.
        let builder = try TreeBuilder(in: repository, startingFrom: root)
        if files.isEmpty {
            try builder.remove(Self.statusFolder)
        } else {
            let folder = try StatusFolder(files)
            try builder.insert(Self.statusFolder, id: try folder.write(to: repository), mode: GIT_FILEMODE_TREE)
        }
        let newRoot = try builder.write()
        guard newRoot != root.id else { return nil }

        // Commit the new root on the parent.
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let signature = try Signature(name: author.name, email: author.email, seconds: seconds)
        return try repository.createCommit(
            tree: try Tree(newRoot, in: repository), parents: [parentCommit],
            author: signature, committer: signature, message: text)
    }

    /// Pushes `commit` to `refs/heads/<branch>` on the remote if the branch still points at
    /// `expectedHead`, the commit the caller built on.
    ///
    /// Never forces: when the branch moved, nothing changes and `.branchMoved` tells the caller
    /// to rebuild on the new head (see `publishStatus`). Other refusals throw
    /// `GitError.pushRejected`; network and credential failures throw too. After a push the
    /// remote-tracking ref `refs/remotes/origin/<branch>` points at `commit`.
    package func push(_ commit: ObjectID, toBranch branch: String, expectedHead: ObjectID) throws(GitError)
        -> PushResult
    {
        let ref = try Self.branchRef(branch)
        switch try updateRemoteRef(ref, to: commit, expected: expectedHead) {
        case .updated:
            try repository.setReference(Self.trackingRef(branch), to: commit, logMessage: Self.reflogMessage)
            return .pushed(commit)
        case .moved(let current):
            return .branchMoved(remoteHead: current)
        }
    }

    /// Fetches `branch`, asks `content` what `status/` should hold on its head, commits that and
    /// pushes it; when the branch moved before the push, does it all again on the new head, at
    /// most `maxAttempts` times.
    ///
    /// `content` sees the head and its current status files, so it can return nil when nothing
    /// but timestamps would change; it is called once per attempt. No merge is ever needed
    /// because `status/` is written only by channelops. Returns `.unchanged` when `content`
    /// returns nil or `status/` already holds that content. Throws
    /// `GitError.branchKeptMoving` after `maxAttempts` moved branches, and the errors of
    /// `fetch(branch:)`, `makeStatusCommit` and `push`.
    package func publishStatus(
        branch: String,
        author: GitSignature = .channelops,
        date: Date,
        maxAttempts: Int = 5,
        content: @Sendable (StatusBase) -> StatusContent?
    ) throws(GitError) -> StatusPublication {
        for attempt in 1...max(maxAttempts, 1) {
            // Build on the remote's current head.
            let head = try fetch(branch: branch)
            let base = StatusBase(head: head, files: try statusFiles(at: head))
            guard let wanted = content(base),
                let commit = try makeStatusCommit(
                    onto: head, files: wanted.files, message: wanted.message, author: author, date: date)
            else {
                return .unchanged(head: head)
            }

            // Push; a moved branch means another commit landed first, so start again on it.
            switch try push(commit, toBranch: branch, expectedHead: head) {
            case .pushed:
                return .pushed(commit: commit, parent: head, attempts: attempt)
            case .branchMoved:
                continue
            }
        }
        throw .branchKeptMoving(branch: branch, remote: remoteDisplayName, attempts: max(maxAttempts, 1))
    }
}

/// The desired content of the status folder as nested folders, ready to be written as trees.
private struct StatusFolder {
    var files: [String: [UInt8]] = [:]
    var folders: [String: StatusFolder] = [:]

    /// Arranges `files`, keyed by paths relative to the status folder, into folders.
    init(_ files: [String: [UInt8]]) throws(GitError) {
        for (path, bytes) in files {
            let components = try RepositoryPath.components(ofFile: path, what: "status file path")
            try insert(bytes, at: components[...], path: path)
        }
    }

    private init() {}

    private mutating func insert(_ bytes: [UInt8], at components: ArraySlice<String>, path: String)
        throws(GitError)
    {
        guard let name = components.first else { return }
        if components.count == 1 {
            guard folders[name] == nil else {
                throw .invalidArgument(
                    what: "status file path", value: path, reason: "'\(name)' is also used as a folder")
            }
            files[name] = bytes
            return
        }
        guard files[name] == nil else {
            throw .invalidArgument(what: "status file path", value: path, reason: "'\(name)' is also used as a file")
        }
        var folder = folders[name] ?? StatusFolder()
        try folder.insert(bytes, at: components.dropFirst(), path: path)
        folders[name] = folder
    }

    /// Writes the blobs and trees and returns the id of this folder's tree.
    func write(to repository: Repository) throws(GitError) -> ObjectID {
        let builder = try TreeBuilder(in: repository, startingFrom: nil)
        for (name, bytes) in files {
            try builder.insert(name, id: try repository.createBlob(bytes), mode: GIT_FILEMODE_BLOB)
        }
        for (name, folder) in folders {
            try builder.insert(name, id: try folder.write(to: repository), mode: GIT_FILEMODE_TREE)
        }
        return try builder.write()
    }
}
