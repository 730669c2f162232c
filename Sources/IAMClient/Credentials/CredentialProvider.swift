public import SigV4

/// Supplies the credentials that sign AWS requests.
///
/// Implementations are safe to call concurrently and cheap to call before every request: those
/// that fetch temporary credentials cache them and fetch new ones only shortly before they
/// expire. A thrown error is a `CredentialError` or a `ConfigurationError`; its message names
/// the source and never holds a secret.
public protocol CredentialProvider: Sendable {
    /// Returns credentials valid for at least the next few minutes.
    func credentials() async throws -> AWSCredentials
}

/// Fetches a fresh set of temporary credentials each time it is asked.
///
/// `CachingCredentialProvider` wraps a source and decides when to ask; a source never caches.
/// Implementations are safe to call concurrently.
public protocol TemporaryCredentialSource: Sendable {
    /// Fetches new credentials, making the network calls this source needs.
    func fetchCredentials() async throws -> TemporaryCredentials
}
