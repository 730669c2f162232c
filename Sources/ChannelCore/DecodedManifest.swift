/// What decoding one manifest document yielded, for the repository-wide checks that follow.
package struct DecodedManifest: Sendable, Equatable {
    /// The channel, when the document has no problem at all.
    package var channel: Channel?
    /// `metadata.name` whenever it could be read as a string, valid or not.
    package var name: String?
    /// Where `metadata.name`'s value is written.
    package var nameLocation: SourceLocation?
    /// Every consumer whose name could be read as a string, valid or not, in the order written.
    package var consumers: [Consumer] = []
    /// Every problem of the document, the YAML reader's included, in the order found.
    package var diagnostics: [Diagnostic] = []

    /// An empty result: nothing read, no problem found.
    package init() {}
}
