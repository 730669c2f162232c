public import Foundation
import SigV4

/// Assumes a role with credentials from another provider: a profile's `role_arn` with
/// `source_profile` or `credential_source`.
///
/// Each fetch asks the source provider for its current credentials, so a chain of roles
/// refreshes from the bottom up, and calls `sts:AssumeRole` signed with them.
public struct AssumeRoleCredentialSource: TemporaryCredentialSource {
    /// The role to assume.
    public var roleARN: String
    /// The session name; `nil` makes one from the time, `channelops-<unix seconds>`.
    public var sessionName: String?
    /// The external id the role's trust policy may require.
    public var externalID: String?
    /// How long the credentials should last; `nil` lets STS choose.
    public var durationSeconds: Int?
    private let base: any CredentialProvider
    private let assumer: any RoleAssumer
    private let clock: @Sendable () -> Date

    /// Makes a source that assumes `roleARN` with the credentials of `base` through `assumer`.
    public init(
        roleARN: String,
        sessionName: String?,
        externalID: String?,
        durationSeconds: Int?,
        base: any CredentialProvider,
        assumer: any RoleAssumer,
        clock: @escaping @Sendable () -> Date
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.base = base
        self.assumer = assumer
        self.clock = clock
    }

    /// Fetches new credentials; see the type for the calls made and the errors thrown.
    public func fetchCredentials() async throws -> TemporaryCredentials {
        let sourceCredentials: AWSCredentials
        do {
            sourceCredentials = try await base.credentials()
        } catch {
            throw CredentialError.sourceFailed(roleARN: roleARN, underlying: error)
        }
        let request = AssumeRoleRequest(
            roleARN: roleARN,
            sessionName: sessionName ?? defaultSessionName(at: clock()),
            externalID: externalID,
            durationSeconds: durationSeconds
        )
        return try await assumer.assumeRole(request, using: sourceCredentials)
    }
}
