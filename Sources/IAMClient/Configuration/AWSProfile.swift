/// The settings of one named profile, merged from the shared config and credentials files.
///
/// Each setting remembers the file and line it came from, so errors can point at it. The value
/// of a credential key is a secret: never put `value(_:)` of such a key into a message.
struct AWSProfile: Sendable, Equatable {
    /// One setting and where it was written.
    struct Setting: Sendable, Equatable {
        var value: String
        var subProperties: [String: String]
        var path: String
        var line: Int

        /// `file:line` of the setting.
        var location: String { "\(path):\(line)" }
    }

    var name: String
    /// Settings by lower-cased key.
    var settings: [String: Setting]
    /// `file:line` of the profile's first section header, for messages about the whole profile.
    var location: String

    /// The value of `key` when it is set and not empty.
    func value(_ key: String) -> String? {
        guard let value = settings[key]?.value, !value.isEmpty else {
            return nil
        }
        return value
    }

    /// `file:line` of `key` when it is set, else the profile's own location.
    func location(of key: String) -> String {
        settings[key]?.location ?? location
    }

    /// Whether both halves of a static key pair are set.
    var hasStaticCredentials: Bool {
        value(ProfileKey.accessKeyID) != nil && value(ProfileKey.secretAccessKey) != nil
    }
}

/// The shared-file keys channelops reads, spelt as the AWS SDKs spell them.
enum ProfileKey {
    static let accessKeyID = "aws_access_key_id"
    static let secretAccessKey = "aws_secret_access_key"
    static let sessionToken = "aws_session_token"
    static let region = "region"
    static let endpointURL = "endpoint_url"
    static let services = "services"
    static let caBundle = "ca_bundle"
    static let maxAttempts = "max_attempts"
    static let retryMode = "retry_mode"
    static let roleARN = "role_arn"
    static let sourceProfile = "source_profile"
    static let credentialSource = "credential_source"
    static let webIdentityTokenFile = "web_identity_token_file"
    static let roleSessionName = "role_session_name"
    static let externalID = "external_id"
    static let durationSeconds = "duration_seconds"
    static let mfaSerial = "mfa_serial"
    static let credentialProcess = "credential_process"
    static let ssoSession = "sso_session"
    static let ssoStartURL = "sso_start_url"
    static let ignoreConfiguredEndpointURLs = "ignore_configured_endpoint_urls"
    static let metadataServiceEndpoint = "ec2_metadata_service_endpoint"
}
