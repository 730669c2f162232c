extension Diagnostic {
    /// A key written twice in one mapping; the diagnostic sits at the second and names the first.
    package static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            location, "duplicate key '\(key)', first written at \(first); a key may appear only once in a mapping")
    }

    /// A mapping key that is a list or mapping instead of a string.
    package static func nonStringKey(found: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location, "a mapping key must be a string, found \(found)")
    }
}
