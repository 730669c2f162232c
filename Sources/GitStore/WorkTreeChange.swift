/// One uncommitted change in a checkout's work tree or index.
package struct WorkTreeChange: Sendable, Equatable, CustomStringConvertible {
    /// How the path differs from the commit checked out.
    package enum Kind: String, Sendable, Equatable {
        /// A new file added to the index.
        case added
        /// A tracked file changed in the index or the work tree.
        case modified
        /// A tracked file removed.
        case deleted
        /// A tracked file renamed.
        case renamed
        /// A file that became a symlink, or the reverse.
        case typeChanged
        /// A file git does not track and does not ignore.
        case untracked
        /// A file with unresolved merge conflicts.
        case conflicted
    }

    /// The path relative to the top of the work tree.
    package var path: String
    /// How it changed.
    package var kind: Kind

    /// A change at `path`.
    package init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// `path (kind)`, as listed in messages.
    package var description: String { "\(path) (\(kind.rawValue))" }
}
