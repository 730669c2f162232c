public import Foundation
public import SigV4

/// Credentials that stop working at a known time, as STS, the container endpoint and the
/// instance metadata service hand them out.
public struct TemporaryCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The key pair and session token.
    public var credentials: AWSCredentials
    /// The moment AWS stops accepting `credentials`.
    public var expiration: Date

    /// Pairs credentials with their expiration.
    public init(credentials: AWSCredentials, expiration: Date) {
        self.credentials = credentials
        self.expiration = expiration
    }

    /// The access key id and expiration; the secret and token redacted.
    public var description: String {
        "\(credentials) expiring \(expiration.formatted(.iso8601))"
    }
}
