package import FoundationEssentials

/// What a commit says about itself: parents, tree, author, message and trailers.
package struct CommitInfo: Sendable, Equatable {
    /// The commit's id.
    package var id: ObjectID
    /// The parents' ids, first parent first.
    package var parents: [ObjectID]
    /// The id of the root tree.
    package var treeID: ObjectID
    /// The author's name and address.
    package var author: GitSignature
    /// The author date, to the second.
    package var date: Date
    /// The full message.
    package var message: String
    /// The trailers of the message's last paragraph.
    package var trailers: [CommitTrailer]

    /// A commit description.
    package init(
        id: ObjectID,
        parents: [ObjectID],
        treeID: ObjectID,
        author: GitSignature,
        date: Date,
        message: String,
        trailers: [CommitTrailer]
    ) {
        self.id = id
        self.parents = parents
        self.treeID = treeID
        self.author = author
        self.date = date
        self.message = message
        self.trailers = trailers
    }

    /// True when the message carries the `Channelops-Status: true` trailer of a status commit.
    package var isStatusCommit: Bool {
        trailers.contains {
            $0.key.lowercased() == StatusCommitMessage.statusTrailer.key.lowercased()
                && $0.value == StatusCommitMessage.statusTrailer.value
        }
    }
}
