/// A file read from a commit: its path and exact bytes.
package struct RepositoryFile: Sendable, Equatable {
    /// The path from the top of the repository, with `/` separators, such as
    /// `channels/team/support.yaml`.
    package var path: String
    /// The content as stored in git, without any conversion.
    package var contents: [UInt8]

    /// A file at `path` holding `contents`.
    package init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}
