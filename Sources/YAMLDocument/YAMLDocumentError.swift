public import ChannelCore

/// Why a manifest file could not be read as YAML at all.
///
/// When the parser throws this, none of the file's documents is known, so the channels the file
/// declares are unknown too. `description` is the compiler-style line for standard error.
public struct YAMLDocumentError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure, for callers that branch on it; the message says the rest.
    public enum Kind: Sendable, Equatable {
        /// The file is larger than `YAMLDocumentParser.maximumFileSize`.
        case fileTooLarge
        /// The bytes are not UTF-8 (or UTF-16 with a byte order mark) text without control characters.
        case notText
        /// The text breaks YAML's syntax.
        case invalidYAML
        /// Lists and mappings nest deeper than `YAMLDocumentParser.maximumDepth`.
        case nestingTooDeep
        /// An alias names no anchor defined before it, or the node that contains it.
        case invalidAlias
        /// Aliases expand past `YAMLDocumentParser.maximumAliasNodes` nodes.
        case aliasExpansionTooLarge
        /// libyaml itself failed, for example out of memory.
        case libraryFailure
    }

    /// What failed, for callers that branch on it.
    public var kind: Kind
    /// Where the problem is; line 1, column 1 for problems of the whole file.
    public var location: SourceLocation
    /// What is wrong and what to do, without the location.
    public var message: String

    /// Creates an error of the given kind at a place in the file.
    public init(_ kind: Kind, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// The error as a manifest diagnostic, to report along with validation problems.
    public var diagnostic: Diagnostic { Diagnostic(location, message) }

    /// The compiler-style line: `file:line:column: error: message`.
    public var description: String { diagnostic.description }
}
