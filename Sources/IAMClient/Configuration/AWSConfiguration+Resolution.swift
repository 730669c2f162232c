import Foundation

extension AWSConfiguration {
    /// Resolves the settings from options, environment variables and the shared files.
    ///
    /// Precedence, first match wins:
    /// - profile: `--profile`, `AWS_PROFILE`, `default`;
    /// - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, profile `region`, `us-east-1`;
    /// - endpoint of IAM, STS or Secrets Manager: `--endpoint-url`, `AWS_ENDPOINT_URL_IAM`,
    ///   `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL`, the
    ///   service's `endpoint_url` in the profile's `services` section (`iam`, `sts`,
    ///   `secrets_manager`), profile `endpoint_url`, then the AWS endpoint of the
    ///   region's partition. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
    ///   `ignore_configured_endpoint_urls`) skips the variables and the files;
    /// - CA bundle: `AWS_CA_BUNDLE`, profile `ca_bundle`;
    /// - attempts: `AWS_MAX_ATTEMPTS`, profile `max_attempts`, 3;
    /// - retry mode: `AWS_RETRY_MODE`, profile `retry_mode`, standard.
    ///
    /// Reads files only through `environment`; no network.
    ///
    /// - Throws: `ConfigurationError` for a malformed or unreadable shared file, a profile named
    ///   by `--profile` or `AWS_PROFILE` that is not defined, or a value outside what its setting
    ///   allows (the message names the variable or the `file:line`).
    public static func resolve(
        options: ConfigurationOptions,
        environment: ConfigurationEnvironment
    ) throws(ConfigurationError) -> AWSConfiguration {
        let files = try SharedConfigFiles.load(from: environment)
        let selection = try ProfileSelection(options: options, environment: environment, files: files)
        return try resolve(options: options, environment: environment, files: files, selection: selection)
    }

    /// Resolves the settings from files already loaded and a profile already selected.
    static func resolve(
        options: ConfigurationOptions,
        environment: ConfigurationEnvironment,
        files: SharedConfigFiles,
        selection: ProfileSelection
    ) throws(ConfigurationError) -> AWSConfiguration {
        let lookup = SettingLookup(environment: environment, profile: selection.profile)
        let region = try resolvedRegion(options: options, lookup: lookup)
        let partition = Partition(region: region)
        let ignoresConfiguredEndpoints = try lookup.flag(
            variable: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            key: ProfileKey.ignoreConfiguredEndpointURLs
        )
        let endpoints = EndpointLookup(
            options: options,
            lookup: lookup,
            services: files,
            ignoresConfigured: ignoresConfiguredEndpoints
        )

        let iam = try endpoints.endpoint(
            service: "iam",
            signingRegion: partition.iamSigningRegion,
            defaultURL: partition.iamURL
        )
        let sts = try endpoints.endpoint(
            service: "sts",
            signingRegion: region,
            defaultURL: "https://sts.\(region).\(partition.dnsSuffix)"
        )
        let secretsManager = try endpoints.endpoint(
            service: "secretsmanager",
            configurationKey: "secrets_manager",
            signingRegion: region,
            defaultURL: "https://secretsmanager.\(region).\(partition.dnsSuffix)"
        )
        return AWSConfiguration(
            profileName: selection.name,
            region: region,
            iam: iam,
            sts: sts,
            secretsManager: secretsManager,
            caBundlePath: try resolvedCABundle(lookup: lookup, environment: environment),
            maxAttempts: try resolvedMaxAttempts(lookup: lookup),
            retryMode: try resolvedRetryMode(lookup: lookup),
            configFilePath: files.configPath,
            credentialsFilePath: files.credentialsPath
        )
    }

    private static func resolvedRegion(
        options: ConfigurationOptions,
        lookup: SettingLookup
    ) throws(ConfigurationError) -> String {
        let found: (value: String, setting: String)?
        if let region = options.region, !region.isEmpty {
            found = (region, "--region")
        } else {
            found = lookup.first(variables: ["AWS_REGION", "AWS_DEFAULT_REGION"], key: ProfileKey.region)
        }
        guard let (region, setting) = found else {
            return "us-east-1"
        }
        let allowed = region.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard allowed, region.count <= 50, region.first != "-", region.last != "-" else {
            throw .invalidValue(
                setting: setting,
                value: region,
                expected: "a region name of lower-case letters, digits and '-', such as eu-west-1"
            )
        }
        return region
    }

    private static func resolvedCABundle(
        lookup: SettingLookup,
        environment: ConfigurationEnvironment
    ) throws(ConfigurationError) -> String? {
        guard let (value, setting) = lookup.first(variables: ["AWS_CA_BUNDLE"], key: ProfileKey.caBundle) else {
            return nil
        }
        let path = environment.expandingTilde(value)
        guard try environment.readFile(path) != nil else {
            throw .caBundleNotFound(path: path, setting: setting)
        }
        return path
    }

    private static func resolvedMaxAttempts(lookup: SettingLookup) throws(ConfigurationError) -> Int {
        guard let (value, setting) = lookup.first(variables: ["AWS_MAX_ATTEMPTS"], key: ProfileKey.maxAttempts)
        else {
            return 3
        }
        guard let attempts = Int(value), attempts >= 1 else {
            throw .invalidValue(setting: setting, value: value, expected: "a whole number of at least 1")
        }
        return attempts
    }

    private static func resolvedRetryMode(lookup: SettingLookup) throws(ConfigurationError) -> RetryMode {
        guard let (value, setting) = lookup.first(variables: ["AWS_RETRY_MODE"], key: ProfileKey.retryMode) else {
            return .standard
        }
        guard let mode = RetryMode(rawValue: value.lowercased()) else {
            throw .invalidValue(setting: setting, value: value, expected: "standard, legacy or adaptive")
        }
        return mode
    }
}

/// Looks a setting up in the environment variables, then in the selected profile.
struct SettingLookup {
    var environment: ConfigurationEnvironment
    var profile: AWSProfile?

    /// The first of `variables` that is set, else the profile's `key`, with the name of the
    /// setting it came from (`AWS_REGION`, or `region (file:line)`).
    func first(variables: [String], key: String) -> (value: String, setting: String)? {
        for name in variables {
            if let value = environment.value(name) {
                return (value, name)
            }
        }
        return profileValue(key)
    }

    /// The profile's `key` with `key (file:line)` as the setting's name.
    func profileValue(_ key: String) -> (value: String, setting: String)? {
        guard let profile, let value = profile.value(key) else {
            return nil
        }
        return (value, "\(key) (\(profile.location(of: key)))")
    }

    /// A true/false setting; unset is false.
    func flag(variable: String, key: String) throws(ConfigurationError) -> Bool {
        guard let (value, setting) = first(variables: [variable], key: key) else {
            return false
        }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidValue(setting: setting, value: value, expected: "true or false")
        }
    }
}

/// Finds a service's endpoint by the SDKs' precedence.
private struct EndpointLookup {
    var options: ConfigurationOptions
    var lookup: SettingLookup
    var services: SharedConfigFiles
    var ignoresConfigured: Bool

    /// The endpoint of the service signed as `service`; `configurationKey` is the service's
    /// identifier in variable names (upper-cased) and `services` sections, when it differs
    /// from `service`.
    func endpoint(
        service: String,
        configurationKey: String? = nil,
        signingRegion: String,
        defaultURL: String
    ) throws(ConfigurationError) -> ServiceEndpoint {
        let (text, origin) = configured(service: configurationKey ?? service) ?? (defaultURL, "default")
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw .invalidValue(
                setting: origin,
                value: text,
                expected: "an absolute http:// or https:// URL such as http://127.0.0.1:5000"
            )
        }
        return ServiceEndpoint(url: url, signingRegion: signingRegion, signingName: service, origin: origin)
    }

    private func configured(service: String) -> (String, String)? {
        if let url = options.endpointURL, !url.isEmpty {
            return (url, "--endpoint-url")
        }
        if ignoresConfigured {
            return nil
        }
        for name in ["AWS_ENDPOINT_URL_\(service.uppercased())", "AWS_ENDPOINT_URL"] {
            if let value = lookup.environment.value(name) {
                return (value, name)
            }
        }
        if let profile = lookup.profile, let servicesName = profile.value(ProfileKey.services),
            let section = services.services[servicesName], let property = section.properties[service],
            let url = property.subProperties[ProfileKey.endpointURL], !url.isEmpty
        {
            return (
                url, "\(service).endpoint_url in [services \(servicesName)] (\(services.configPath):\(property.line))"
            )
        }
        return lookup.profileValue(ProfileKey.endpointURL)
    }
}

/// The AWS partition a region belongs to, for the default endpoints.
///
/// Limitation: only the standard, China and GovCloud partitions are known; a region of another
/// partition gets standard-partition endpoints and needs `--endpoint-url` or the variables.
private struct Partition {
    var dnsSuffix: String
    var iamURL: String
    var iamSigningRegion: String

    init(region: String) {
        if region.hasPrefix("cn-") {
            dnsSuffix = "amazonaws.com.cn"
            iamURL = "https://iam.cn-north-1.amazonaws.com.cn"
            iamSigningRegion = "cn-north-1"
        } else if region.hasPrefix("us-gov-") {
            dnsSuffix = "amazonaws.com"
            iamURL = "https://iam.us-gov.amazonaws.com"
            iamSigningRegion = "us-gov-west-1"
        } else {
            dnsSuffix = "amazonaws.com"
            iamURL = "https://iam.amazonaws.com"
            iamSigningRegion = "us-east-1"
        }
    }
}
