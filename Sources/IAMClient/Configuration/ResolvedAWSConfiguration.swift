/// The AWS settings of a run together with the credential provider they select.
public struct ResolvedAWSConfiguration: Sendable {
    /// Region, endpoints, trust and retry settings.
    public var configuration: AWSConfiguration
    /// The provider of the first configured source of the credential chain.
    public var credentialProvider: any CredentialProvider
    /// Which source was chosen, for logs; holds no secret.
    ///
    /// For example `environment variables`, `profile 'ci' (static keys, /home/u/.aws/credentials:2)`
    /// or `role arn:aws:iam::123456789012:role/deployer of profile 'deployer', assumed with
    /// profile 'base' (static keys, ...)`.
    public var credentialSource: String

    /// Resolves the settings as `AWSConfiguration.resolve(options:environment:)` does and picks
    /// the credential source in the AWS SDKs' order.
    ///
    /// The chain, first configured source wins: credentials in `options`; the `AWS_ACCESS_KEY_ID`
    /// variables (skipped when `--profile` is given); `AWS_ROLE_ARN` with
    /// `AWS_WEB_IDENTITY_TOKEN_FILE`; the selected
    /// profile (`role_arn` with `source_profile`, `credential_source` or
    /// `web_identity_token_file`, else static keys); container credentials; instance metadata.
    /// No network call is made here; temporary credentials are fetched on first use and
    /// refreshed 5 minutes before they expire.
    ///
    /// - Throws: `ConfigurationError` for anything `AWSConfiguration.resolve` rejects, and for a
    ///   credential source that is configured but cannot work: half a key pair, `role_arn`
    ///   without a source, a `source_profile` that is missing or loops, an unknown
    ///   `credential_source`, or a mechanism channelops does not support (`credential_process`,
    ///   IAM Identity Center, `mfa_serial`).
    public static func resolve(
        options: ConfigurationOptions,
        environment: ConfigurationEnvironment,
        services: CredentialServices
    ) throws(ConfigurationError) -> ResolvedAWSConfiguration {
        let files = try SharedConfigFiles.load(from: environment)
        let selection = try ProfileSelection(options: options, environment: environment, files: files)
        let configuration = try AWSConfiguration.resolve(
            options: options,
            environment: environment,
            files: files,
            selection: selection
        )
        let choice = try CredentialChain(
            options: options,
            environment: environment,
            files: files,
            selection: selection,
            configuration: configuration,
            services: services
        ).choose()
        return ResolvedAWSConfiguration(
            configuration: configuration,
            credentialProvider: choice.provider,
            credentialSource: choice.source
        )
    }
}
