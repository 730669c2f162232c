public import ChannelLog
public import IAMClient

/// The IAM and Secrets Manager clients set up from the AWS settings of a run, with the counter of
/// the calls they make.
///
/// The settings come from the command line's options, the standard AWS variables and the shared
/// files, with the SDKs' precedence (see `ResolvedAWSConfiguration`). Calls go over libcurl,
/// trusting the configured CA bundle, with at most `concurrency` requests in flight and the
/// configured number of attempts per call.
public struct IAMConnection: Sendable {
    /// The engine's operations over the client.
    public let operations: IAMServiceOperations
    /// Secrets Manager, in the configured region, over the same connections, credentials and
    /// counter; it makes no call until a key goes to a secret.
    public let secretsManager: SecretsManagerService
    /// Counts every IAM, Secrets Manager and role-assuming STS request sent, retries included.
    public let counter: APICallCounter
    /// The resolved settings; they hold no secret and may be logged.
    public let configuration: AWSConfiguration
    /// Which credential source was chosen, for logs; holds no secret.
    public let credentialSource: String

    /// Resolves the settings and builds the client; makes no network call.
    ///
    /// - Throws: `IAMConnectionError` when the settings are invalid or libcurl cannot be set up
    ///   (for example an unreadable CA bundle).
    public static func open(
        options: ConfigurationOptions,
        environment: ConfigurationEnvironment = .fromProcess(),
        concurrency: Int = ReconcilerOptions.defaultConcurrency,
        logger: Logger
    ) throws(IAMConnectionError) -> IAMConnection {
        // Resolve the settings first: the CA bundle they name decides how to connect.
        let configuration: AWSConfiguration
        do {
            configuration = try AWSConfiguration.resolve(options: options, environment: environment)
        } catch {
            throw .configuration(error)
        }
        let transport: CurlTransport
        let metadataTransport: CurlTransport
        do {
            transport = try CurlTransport(
                options: CurlTransport.Options(
                    caBundlePath: configuration.caBundlePath, maximumConcurrentRequests: max(1, concurrency))
            )
            // Instance metadata and container endpoints are link-local and often absent: give up fast.
            metadataTransport = try CurlTransport(
                options: CurlTransport.Options(
                    connectTimeout: .seconds(1), requestTimeout: .seconds(3), maximumConcurrentRequests: 1)
            )
        } catch {
            throw .transport(error)
        }

        // Pick the credential source, then one client for IAM and one for Secrets Manager; one
        // counter takes their calls and the STS calls that fetch role credentials.
        let counter = APICallCounter()
        let resolved: ResolvedAWSConfiguration
        do {
            resolved = try ResolvedAWSConfiguration.resolve(
                options: options,
                environment: environment,
                services: CredentialServices(
                    transport: transport, metadataTransport: metadataTransport, logger: logger, counter: counter)
            )
        } catch {
            throw .configuration(error)
        }
        let retryQuota = RetryQuota()
        let client = AWSClient(
            configuration: .iam(
                endpoint: resolved.configuration.iam.url,
                retryPolicy: RetryPolicy(maxAttempts: resolved.configuration.maxAttempts)
            ),
            transport: transport,
            credentials: resolved.credentialProvider,
            counter: counter,
            retryQuota: retryQuota,
            logger: logger
        )
        let secretsManagerClient = AWSClient(
            configuration: .secretsManager(
                region: resolved.configuration.secretsManager.signingRegion,
                endpoint: resolved.configuration.secretsManager.url,
                retryPolicy: RetryPolicy(maxAttempts: resolved.configuration.maxAttempts)
            ),
            transport: transport,
            credentials: resolved.credentialProvider,
            counter: counter,
            retryQuota: retryQuota,
            logger: logger
        )
        return IAMConnection(
            operations: IAMServiceOperations(service: IAMService(client: client), logger: logger),
            secretsManager: SecretsManagerService(client: secretsManagerClient),
            counter: counter,
            configuration: resolved.configuration,
            credentialSource: resolved.credentialSource
        )
    }
}

/// Why an IAM client could not be set up.
public enum IAMConnectionError: Error, Sendable, CustomStringConvertible {
    /// The AWS settings are invalid; the message names the setting and where it came from.
    case configuration(ConfigurationError)
    /// libcurl could not be set up, or the CA bundle cannot be read.
    case transport(TransportError)

    public var description: String {
        switch self {
        case .configuration(let error):
            return "invalid AWS configuration: \(error)"
        case .transport(let error):
            return "cannot set up HTTPS connections to IAM: \(error)"
        }
    }
}
