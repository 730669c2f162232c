public import Foundation
public import SigV4

/// Credentials that stop working at a known time, as STS, the container endpoint and the
/// instance metadata service hand them out.
public struct TemporaryCredentials: Sendable, Equatable, CustomStringConvertible {
    public var credentials: AWSCredentials
    /// The moment AWS stops accepting `credentials`.
    public var expiration: Date

    public init(credentials: AWSCredentials, expiration: Date) {
        self.credentials = credentials
        self.expiration = expiration
    }

    public var description: String {
        "\(credentials) expiring \(expiration.formatted(.iso8601))"
    }
}
