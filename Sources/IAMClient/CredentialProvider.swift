public import SigV4

/// Supplies the credentials that sign each request.
///
/// Called before every attempt, so a provider that refreshes temporary credentials is asked
/// again after they expire. Implementations must be safe to call concurrently and should cache:
/// the client calls it once per HTTP request. Errors are reported as `IAMError.Reason.credentials`
/// with the error's `description`, which therefore must not contain a secret.
public protocol CredentialProvider: Sendable {
    /// Returns credentials valid for at least the next request.
    func credentials() async throws -> AWSCredentials
}
