/// The branch head and status files a status commit is built on.
package struct StatusBase: Sendable, Equatable {
    /// The remote branch's head, just fetched; the status commit's parent.
    package var head: ObjectID
    /// The files below `status/` at `head`, by path relative to `status/`.
    package var files: [String: [UInt8]]

    /// A base at `head` holding `files`.
    package init(head: ObjectID, files: [String: [UInt8]]) {
        self.head = head
        self.files = files
    }
}

/// What a status commit should hold.
package struct StatusContent: Sendable, Equatable {
    /// The complete content of `status/`, by path relative to it; files absent here are deleted.
    package var files: [String: [UInt8]]
    /// The commit message.
    package var message: StatusCommitMessage

    /// Content made of `files` and `message`.
    package init(files: [String: [UInt8]], message: StatusCommitMessage) {
        self.files = files
        self.message = message
    }
}

/// The outcome of publishing status on a branch.
package enum StatusPublication: Sendable, Equatable {
    /// Nothing to commit: the caller declined, or `status/` already held exactly that content.
    case unchanged(head: ObjectID)
    /// A status commit on `parent` was pushed, after `attempts` pushes (1 when the first landed).
    case pushed(commit: ObjectID, parent: ObjectID, attempts: Int)
}
