public import Foundation

/// The resolved AWS settings for one run: region, endpoints, TLS trust and retry limits.
///
/// Built by `AWSConfiguration.resolve(options:environment:)` from command-line options, the
/// standard AWS environment variables and the shared files, with the precedence the AWS SDKs
/// use. It holds no secret, so it may be logged whole.
public struct AWSConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The profile whose settings were read: `--profile`, else `AWS_PROFILE`, else `default`.
    public var profileName: String
    /// The region for regional services such as STS: `--region`, `AWS_REGION`,
    /// `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
    public var region: String
    /// Where IAM calls go and how they are signed.
    ///
    /// IAM is global: it is signed for `us-east-1` in the standard partition whatever `region`
    /// is.
    public var iam: ServiceEndpoint
    /// Where STS calls go, including the ones that fetch role credentials; by default the
    /// regional endpoint of `region`.
    public var sts: ServiceEndpoint
    /// Where Secrets Manager calls go (keys for consumers with `secretsManager`); by default
    /// the regional endpoint of `region`.
    public var secretsManager: ServiceEndpoint
    /// A PEM file of extra trusted CA certificates: `AWS_CA_BUNDLE`, else the profile's
    /// `ca_bundle`; `nil` trusts the system's CAs only.
    public var caBundlePath: String?
    /// How many times a call is tried in all, first attempt included; at least 1.
    ///
    /// From `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, else 3.
    public var maxAttempts: Int
    /// The retry behaviour: `AWS_RETRY_MODE`, the profile's `retry_mode`, else standard.
    public var retryMode: RetryMode
    /// The shared config file that was read (or would have been, had it existed).
    public var configFilePath: String
    /// The shared credentials file that was read (or would have been).
    public var credentialsFilePath: String

    /// Makes a configuration from resolved values; `resolve(options:environment:)` is the usual way.
    public init(
        profileName: String,
        region: String,
        iam: ServiceEndpoint,
        sts: ServiceEndpoint,
        secretsManager: ServiceEndpoint,
        caBundlePath: String?,
        maxAttempts: Int,
        retryMode: RetryMode,
        configFilePath: String,
        credentialsFilePath: String
    ) {
        self.profileName = profileName
        self.region = region
        self.iam = iam
        self.sts = sts
        self.secretsManager = secretsManager
        self.caBundlePath = caBundlePath
        self.maxAttempts = maxAttempts
        self.retryMode = retryMode
        self.configFilePath = configFilePath
        self.credentialsFilePath = credentialsFilePath
    }

    /// Every field as `key=value`, for logs.
    public var description: String {
        "profile=\(profileName) region=\(region) iam=\(iam) sts=\(sts) secretsmanager=\(secretsManager) "
            + "ca_bundle=\(caBundlePath ?? "none") max_attempts=\(maxAttempts) retry_mode=\(retryMode.rawValue)"
    }
}

/// The URL of one service and the scope its requests are signed for.
public struct ServiceEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The endpoint; requests go to its root path.
    public var url: URL
    /// The region in the SigV4 credential scope.
    public var signingRegion: String
    /// The service name in the SigV4 credential scope: `iam`, `sts` or `secretsmanager`.
    public var signingName: String
    /// Where `url` came from: `--endpoint-url`, a variable name, `file:line`, or `default`.
    public var origin: String

    /// Makes an endpoint.
    public init(url: URL, signingRegion: String, signingName: String, origin: String) {
        self.url = url
        self.signingRegion = signingRegion
        self.signingName = signingName
        self.origin = origin
    }

    /// The URL, signing scope and origin, for logs; a user name and password in the URL are
    /// shown as `***`.
    public var description: String { "\(redactedURL) (\(signingName)/\(signingRegion) from \(origin))" }

    /// The URL without the user information it may carry (`https://user:password@host`).
    private var redactedURL: String {
        guard url.user != nil || url.password != nil,
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else { return url.absoluteString }
        components.percentEncodedUser = "***"
        components.percentEncodedPassword = url.password == nil ? nil : "***"
        return components.string ?? "\(url.scheme ?? "https")://***@\(url.host ?? "")"
    }
}

/// The SDKs' retry modes.
public enum RetryMode: String, Sendable, Equatable, CaseIterable {
    /// Exponential backoff with full jitter on throttling, 5xx and dropped connections.
    case standard
    /// The SDKs' older retry behaviour, kept for configurations that name it.
    case legacy
    /// `standard` plus client-side rate limiting after throttling.
    case adaptive
}
