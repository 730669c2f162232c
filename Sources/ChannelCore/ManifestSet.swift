/// Every channel of a config repository, as far as its manifests could be read and validated.
///
/// Built by `loadManifests(_:)`. A channel is in `channels` only if its document has no problem
/// at all, including the repository-wide ones. The reconciler must leave alone the resources of
/// every channel in `invalidChannelNames` and, when `unreadableFiles` is not empty, of every
/// channel it cannot account for, since those files may declare any channel.
public struct ManifestSet: Sendable, Equatable {
    /// The valid channels, sorted by name.
    public var channels: [Channel]
    /// Every problem in every file, sorted by place and then by message.
    public var diagnostics: [Diagnostic]
    /// The names of channels whose manifest has a problem, as written, when the name could be
    /// read; their channels are unknown and must not be changed or pruned.
    public var invalidChannelNames: Set<String>
    /// Files that could not be read or parsed at all, sorted; the channels they declare are
    /// unknown.
    public var unreadableFiles: [String]

    /// Creates a set; `loadManifests(_:)` is how a repository's set is made.
    public init(
        channels: [Channel] = [],
        diagnostics: [Diagnostic] = [],
        invalidChannelNames: Set<String> = [],
        unreadableFiles: [String] = []
    ) {
        self.channels = channels
        self.diagnostics = diagnostics
        self.invalidChannelNames = invalidChannelNames
        self.unreadableFiles = unreadableFiles
    }

    /// True when every file was read and every channel is valid.
    public var isValid: Bool { diagnostics.isEmpty && unreadableFiles.isEmpty }
}
