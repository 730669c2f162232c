import SigV4

/// The last resort of the credential chain: instance metadata, and when that gives nothing,
/// the one error that lists every source looked at.
actor InstanceMetadataFallbackProvider: CredentialProvider {
    /// The sources before instance metadata and why each gave nothing.
    let lookedAt: [CredentialSourceReport]
    /// The instance metadata provider; `nil` when `AWS_EC2_METADATA_DISABLED` turns it off.
    let metadata: (any CredentialProvider)?
    /// Whether instance metadata has delivered credentials once; later failures are then
    /// failures of that source, not a sign that no source exists.
    private var hasDelivered = false

    init(lookedAt: [CredentialSourceReport], metadata: (any CredentialProvider)?) {
        self.lookedAt = lookedAt
        self.metadata = metadata
    }

    /// Returns the instance role's credentials.
    ///
    /// - Throws: `CredentialError.noCredentials` when instance metadata is disabled or has never
    ///   given credentials; after it has, its own `CredentialError.instanceMetadata`. Other
    ///   errors (cancellation) pass through unchanged.
    func credentials() async throws -> AWSCredentials {
        let source = "instance metadata"
        guard let metadata else {
            throw noCredentials(CredentialSourceReport(source: source, reason: "disabled by AWS_EC2_METADATA_DISABLED"))
        }
        do {
            let credentials = try await metadata.credentials()
            hasDelivered = true
            return credentials
        } catch CredentialError.instanceMetadata(let problem) where !hasDelivered {
            throw noCredentials(CredentialSourceReport(source: source, reason: problem))
        }
    }

    private func noCredentials(_ last: CredentialSourceReport) -> CredentialError {
        .noCredentials(lookedAt: lookedAt + [last])
    }
}
