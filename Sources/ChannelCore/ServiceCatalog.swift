/// The IAM service prefixes that actions may name, such as `lex`, `bedrock` and `s3`.
///
/// The list is fixed at build time (see `docs/third-party/README.md`).
// Limitation: a service that AWS launches after the list was generated is reported as unknown
// until `scripts/generate-service-catalog.sh` is run on newer data.
package enum ServiceCatalog {
    private static let prefixSet = Set(knownPrefixes)

    /// Whether `prefix` is a known service prefix; the comparison is exact (prefixes are lower-case).
    package static func contains(_ prefix: String) -> Bool {
        prefixSet.contains(prefix)
    }

    /// The known prefix nearest to a misspelt one, if any is close enough.
    package static func suggestion(for prefix: String) -> String? {
        Suggestion.nearest(to: prefix, in: knownPrefixes)
    }
}
