public import SigV4

/// Credentials fixed for the provider's lifetime: given in code, in the environment, or as
/// static keys in a profile.
public struct StaticCredentialProvider: CredentialProvider {
    private let value: AWSCredentials

    /// Wraps fixed credentials.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    /// Returns the fixed credentials; never throws.
    public func credentials() async throws -> AWSCredentials {
        value
    }
}
