public import ChannelLog
public import Foundation

/// What the credential chain needs to fetch credentials over the network: transports, the
/// request signer, a clock and a logger.
public struct CredentialServices: Sendable {
    /// Carries the STS calls that assume roles.
    public var transport: any HTTPTransport
    /// Carries the instance metadata and container credential calls.
    ///
    /// Those endpoints are link-local and often absent, so this transport should give up on
    /// connecting quickly.
    public var metadataTransport: any HTTPTransport
    /// Signs `sts:AssumeRole` requests; SigV4 unless a test substitutes its own.
    public var signer: STSRequestSigner
    /// The current time, for expirations and session names.
    public var clock: @Sendable () -> Date
    /// Receives the warning logged when a refresh fails but cached credentials are still good.
    public var logger: Logger
    /// How long each instance metadata call may take; 1 second by default, as in the SDKs.
    public var metadataTimeout: Duration
    /// How long a container credential call may take; 2 seconds by default.
    public var containerTimeout: Duration
    /// Assumes roles instead of an `STSRoleAssumer` at the configured STS endpoint.
    public var roleAssumer: (any RoleAssumer)?
    /// Counts the STS calls that fetch role credentials, beside the run's other AWS calls.
    public var counter: APICallCounter?

    /// Bundles the services; SigV4 signing, the system clock and the SDKs' timeouts by default.
    public init(
        transport: any HTTPTransport,
        metadataTransport: any HTTPTransport,
        signer: @escaping STSRequestSigner = STSRoleAssumer.sigV4Signing,
        clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger,
        metadataTimeout: Duration = .seconds(1),
        containerTimeout: Duration = .seconds(2),
        roleAssumer: (any RoleAssumer)? = nil,
        counter: APICallCounter? = nil
    ) {
        self.transport = transport
        self.metadataTransport = metadataTransport
        self.signer = signer
        self.clock = clock
        self.logger = logger
        self.metadataTimeout = metadataTimeout
        self.containerTimeout = containerTimeout
        self.roleAssumer = roleAssumer
        self.counter = counter
    }
}
