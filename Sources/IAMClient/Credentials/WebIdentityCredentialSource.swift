public import Foundation

/// Assumes a role with the OIDC token in a file: the way CI pipelines and Kubernetes pods
/// authenticate without stored keys.
///
/// Each fetch reads the token file again, since the platform rotates the token, and calls
/// `sts:AssumeRoleWithWebIdentity`, which is not signed.
public struct WebIdentityCredentialSource: TemporaryCredentialSource {
    /// The role to assume.
    public var roleARN: String
    /// The file holding the OIDC token.
    public var tokenFile: String
    /// The setting that named the token file, for messages: a variable or `key (file:line)`.
    public var tokenFileSetting: String
    /// The session name; `nil` makes one from the time, `channelops-<unix seconds>`.
    public var sessionName: String?
    /// How long the credentials should last; `nil` lets STS choose.
    public var durationSeconds: Int?
    private let readFile: @Sendable (String) throws(ConfigurationError) -> String?
    private let assumer: any RoleAssumer
    private let clock: @Sendable () -> Date

    /// Makes a source that assumes `roleARN` with the token in `tokenFile` through `assumer`.
    public init(
        roleARN: String,
        tokenFile: String,
        tokenFileSetting: String,
        sessionName: String?,
        durationSeconds: Int?,
        readFile: @escaping @Sendable (String) throws(ConfigurationError) -> String?,
        assumer: any RoleAssumer,
        clock: @escaping @Sendable () -> Date
    ) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.tokenFileSetting = tokenFileSetting
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.readFile = readFile
        self.assumer = assumer
        self.clock = clock
    }

    /// Fetches new credentials; see the type for the calls made and the errors thrown.
    public func fetchCredentials() async throws -> TemporaryCredentials {
        let token = try TokenFile.read(tokenFile, setting: tokenFileSetting, with: readFile)
        let request = AssumeRoleRequest(
            roleARN: roleARN,
            sessionName: sessionName ?? defaultSessionName(at: clock()),
            durationSeconds: durationSeconds
        )
        return try await assumer.assumeRoleWithWebIdentity(request, token: token)
    }
}

/// The session name used when the configuration gives none.
func defaultSessionName(at date: Date) -> String {
    "channelops-\(Int(date.timeIntervalSince1970))"
}
