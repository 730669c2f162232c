/// One manifest file as the YAML reader delivered it: its documents, or why it could not be read.
///
/// The core reads no files; an adapter reads and parses each file and hands the results to
/// `loadManifests(_:)`. A file that could not be read at all makes every channel it may declare
/// unknown, so the reconciler leaves their resources alone.
public struct ManifestFile: Sendable, Equatable {
    /// What the reader got out of the file.
    public enum Contents: Sendable, Equatable {
        /// The file was read; its documents in the order written (possibly none).
        case documents([ManifestDocument])
        /// The file could not be read or parsed; the diagnostic says where and why.
        case unreadable(Diagnostic)
    }

    /// The file's path as diagnostics should show it.
    public var path: String
    /// The documents read, or why none could be.
    public var contents: Contents

    /// Creates a file with the given outcome of reading it.
    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }

    /// Creates a file that was read and holds the given documents.
    public init(path: String, documents: [ManifestDocument]) {
        self.init(path: path, contents: .documents(documents))
    }
}
