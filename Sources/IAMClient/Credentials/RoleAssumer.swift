public import SigV4

/// Exchanges credentials or an identity token for a role's temporary credentials.
///
/// Kept as a protocol so the credential chain depends on no particular STS client: production
/// uses `STSRoleAssumer`, tests may script the answers. Implementations are safe to call
/// concurrently; each call makes one STS request and never retries.
public protocol RoleAssumer: Sendable {
    /// Calls `sts:AssumeRole`, signed with `credentials`.
    ///
    /// - Throws: `CredentialError` naming the role, STS's error code and request id.
    func assumeRole(_ request: AssumeRoleRequest, using credentials: AWSCredentials) async throws
        -> TemporaryCredentials

    /// Calls `sts:AssumeRoleWithWebIdentity`, which is not signed: `token` is the proof.
    ///
    /// - Throws: `CredentialError` naming the role, STS's error code and request id; the
    ///   token is never part of a message.
    func assumeRoleWithWebIdentity(_ request: AssumeRoleRequest, token: String) async throws
        -> TemporaryCredentials
}

/// What to ask of STS when assuming a role.
public struct AssumeRoleRequest: Sendable, Equatable {
    /// The ARN of the role to assume.
    public var roleARN: String
    /// Names the session in CloudTrail and in the assumed role's ARN.
    public var sessionName: String
    /// The external id the role's trust policy may require; `AssumeRole` only.
    public var externalID: String?
    /// How long the credentials should last; `nil` lets STS choose (one hour).
    public var durationSeconds: Int?

    /// Describes one request; only `roleARN` and `sessionName` are required.
    public init(roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
    }
}
