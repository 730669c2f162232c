/// A parsed YAML node that remembers where it was written.
///
/// The YAML adapter produces these; the core decodes them into channels. Scalars keep the exact
/// text and quoting style the user wrote, so the decoder, which knows each field's type, decides
/// what the text means: `yes` stays the string `"yes"` in a tag value and `0123` stays `"0123"`.
public struct ManifestNode: Sendable, Equatable {
    /// How a scalar was written.
    ///
    /// Only a plain scalar can be a boolean, number or null.
    public enum ScalarStyle: Sendable, Equatable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    /// One key and its value in a mapping, in the order written.
    public struct Entry: Sendable, Equatable {
        public var key: ManifestNode
        public var value: ManifestNode

        public init(key: ManifestNode, value: ManifestNode) {
            self.key = key
            self.value = value
        }
    }

    public enum Content: Sendable, Equatable {
        case scalar(String, ScalarStyle)
        case sequence([ManifestNode])
        case mapping([Entry])
    }

    public var content: Content
    public var location: SourceLocation
    /// An explicit tag such as `!!str`, when the user wrote one.
    public var tag: String?

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }
}

/// One YAML document of a manifest file.
public struct ManifestDocument: Sendable, Equatable {
    /// The document's root node; nil for an empty document (for example a trailing `---`).
    public var root: ManifestNode?
    /// Where the document starts.
    public var location: SourceLocation
    /// Problems the YAML reader found that did not stop it from reading the document.
    ///
    /// For example a duplicate key (the later entry is left out) or a key that is not a string.
    /// A document with any of them never yields a valid channel.
    public var diagnostics: [Diagnostic]

    public init(root: ManifestNode?, location: SourceLocation, diagnostics: [Diagnostic] = []) {
        self.root = root
        self.location = location
        self.diagnostics = diagnostics
    }
}
