import SigV4

/// The last resort of the credential chain: instance metadata, and when that gives nothing,
/// the one error that lists every source looked at.
struct InstanceMetadataFallbackProvider: CredentialProvider {
    /// The sources before instance metadata and why each gave nothing.
    var lookedAt: [CredentialSourceReport]
    /// The instance metadata provider; `nil` when `AWS_EC2_METADATA_DISABLED` turns it off.
    var metadata: (any CredentialProvider)?

    /// Returns the instance role's credentials.
    ///
    /// - Throws: `CredentialError.noCredentials` when instance metadata is disabled or gives
    ///   nothing; other errors (cancellation) pass through unchanged.
    func credentials() async throws -> AWSCredentials {
        let source = "instance metadata"
        guard let metadata else {
            throw noCredentials(CredentialSourceReport(source: source, reason: "disabled by AWS_EC2_METADATA_DISABLED"))
        }
        do {
            return try await metadata.credentials()
        } catch CredentialError.instanceMetadata(let problem) {
            throw noCredentials(CredentialSourceReport(source: source, reason: problem))
        }
    }

    private func noCredentials(_ last: CredentialSourceReport) -> CredentialError {
        .noCredentials(lookedAt: lookedAt + [last])
    }
}
