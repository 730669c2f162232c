public import SigV4

/// The AWS settings given on the command line, which win over the environment and the files.
public struct ConfigurationOptions: Sendable, Equatable {
    /// `--profile`: the profile to read; also turns off credentials from the environment
    /// variables, as an explicit `--profile` does for the AWS CLI.
    public var profile: String?
    /// `--region`.
    public var region: String?
    /// `--endpoint-url`: one endpoint for every call channelops makes, IAM and STS alike,
    /// including the STS calls that fetch role credentials, since emulators serve all services
    /// on one port.
    public var endpointURL: String?
    /// Credentials given in code; they win over every other source.
    public var credentials: AWSCredentials?

    /// Collects the options; each `nil` leaves the setting to the environment and files.
    public init(
        profile: String? = nil,
        region: String? = nil,
        endpointURL: String? = nil,
        credentials: AWSCredentials? = nil
    ) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.credentials = credentials
    }
}
