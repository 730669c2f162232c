import Foundation
import SigV4

/// Picks the credential source the way the AWS SDKs do, without any network call.
///
/// Order, first configured source wins:
/// 1. credentials given in code;
/// 2. `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, skipped when
///    `--profile` names a profile (as the AWS CLI does; `AWS_PROFILE` does not skip them);
/// 3. `AWS_ROLE_ARN` with `AWS_WEB_IDENTITY_TOKEN_FILE` (and `AWS_ROLE_SESSION_NAME`);
/// 4. the selected profile: `role_arn` with `source_profile`, `credential_source` or
///    `web_identity_token_file`, else static keys;
/// 5. container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`);
/// 6. instance metadata, unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// A source that is configured but broken (half a key pair, a role without a source, a
/// `source_profile` loop) is an error, never skipped. Whether instance metadata answers is only
/// known at the first `credentials()` call: when it does not, that call throws
/// `CredentialError.noCredentials` listing every source and why it gave nothing.
struct CredentialChain {
    /// The chosen provider and a description of it for logs, free of secrets.
    struct Choice {
        var provider: any CredentialProvider
        var source: String
    }

    var options: ConfigurationOptions
    var environment: ConfigurationEnvironment
    var files: SharedConfigFiles
    var selection: ProfileSelection
    var configuration: AWSConfiguration
    var services: CredentialServices

    /// What one source of the chain yielded.
    private enum Lookup {
        case found(Choice)
        case nothing(CredentialSourceReport)
    }

    func choose() throws(ConfigurationError) -> Choice {
        if let credentials = options.credentials {
            return Choice(provider: StaticCredentialProvider(credentials), source: "explicit credentials")
        }
        var lookedAt: [CredentialSourceReport] = []
        let steps = [environmentLookup, webIdentityLookup, profileLookup, containerLookup]
        for step in steps {
            switch try step() {
            case .found(let choice):
                return choice
            case .nothing(let report):
                lookedAt.append(report)
            }
        }

        let metadata = try isMetadataDisabled ? nil : instanceMetadataChoice().provider
        return Choice(
            provider: InstanceMetadataFallbackProvider(lookedAt: lookedAt, metadata: metadata),
            source: "instance metadata"
        )
    }

    private func environmentLookup() throws(ConfigurationError) -> Lookup {
        let source = "environment"
        if selection.origin == .option {
            return .nothing(CredentialSourceReport(source: source, reason: "skipped because --profile was given"))
        }
        guard let credentials = try environmentCredentials() else {
            return .nothing(CredentialSourceReport(source: source, reason: "AWS_ACCESS_KEY_ID not set"))
        }
        return .found(Choice(provider: StaticCredentialProvider(credentials), source: "environment variables"))
    }

    private func webIdentityLookup() throws(ConfigurationError) -> Lookup {
        guard let choice = try webIdentityFromEnvironment() else {
            let reason = "AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set"
            return .nothing(CredentialSourceReport(source: "web identity", reason: reason))
        }
        return .found(choice)
    }

    private func profileLookup() throws(ConfigurationError) -> Lookup {
        let source = "profile '\(selection.name)'"
        guard let profile = selection.profile else {
            return .nothing(CredentialSourceReport(source: source, reason: files.profileAbsenceReason))
        }
        guard let choice = try profileChoice(profile, chain: [], isSource: false) else {
            let reason = "no aws_access_key_id or role_arn in \(profile.location)"
            return .nothing(CredentialSourceReport(source: source, reason: reason))
        }
        return .found(choice)
    }

    private func containerLookup() throws(ConfigurationError) -> Lookup {
        guard let choice = try containerChoice() else {
            let reason = "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI set"
            return .nothing(CredentialSourceReport(source: "container", reason: reason))
        }
        return .found(choice)
    }

    // MARK: - Environment

    private func environmentCredentials() throws(ConfigurationError) -> AWSCredentials? {
        let accessKeyID = environment.value("AWS_ACCESS_KEY_ID")
        let secretAccessKey = environment.value("AWS_SECRET_ACCESS_KEY")
        switch (accessKeyID, secretAccessKey) {
        case (let accessKeyID?, let secretAccessKey?):
            return AWSCredentials(
                accessKeyID: accessKeyID,
                secretAccessKey: secretAccessKey,
                sessionToken: environment.value("AWS_SESSION_TOKEN")
            )
        case (nil, nil):
            return nil
        case (nil, _):
            throw .partialCredentials(
                source: "environment",
                present: "AWS_SECRET_ACCESS_KEY",
                missing: "AWS_ACCESS_KEY_ID"
            )
        case (_, nil):
            throw .partialCredentials(
                source: "environment",
                present: "AWS_ACCESS_KEY_ID",
                missing: "AWS_SECRET_ACCESS_KEY"
            )
        }
    }

    private func webIdentityFromEnvironment() throws(ConfigurationError) -> Choice? {
        let roleARN = environment.value("AWS_ROLE_ARN")
        let tokenFile = environment.value("AWS_WEB_IDENTITY_TOKEN_FILE")
        switch (roleARN, tokenFile) {
        case (nil, nil):
            return nil
        case (nil, _):
            throw .partialCredentials(
                source: "web identity",
                present: "AWS_WEB_IDENTITY_TOKEN_FILE",
                missing: "AWS_ROLE_ARN"
            )
        case (_, nil):
            throw .partialCredentials(
                source: "web identity",
                present: "AWS_ROLE_ARN",
                missing: "AWS_WEB_IDENTITY_TOKEN_FILE"
            )
        case (let roleARN?, let tokenFile?):
            return webIdentityChoice(
                roleARN: roleARN,
                tokenFile: environment.expandingTilde(tokenFile),
                tokenFileSetting: "AWS_WEB_IDENTITY_TOKEN_FILE",
                sessionName: environment.value("AWS_ROLE_SESSION_NAME"),
                durationSeconds: nil
            )
        }
    }

    // MARK: - Profiles

    /// The credentials a profile yields, or `nil` when it has no credential settings.
    ///
    /// `chain` lists the profiles that led here through `source_profile`, outermost first.
    /// A profile that is another's source (`isSource`) uses its static keys even when it also
    /// has `role_arn`, as the AWS CLI does, and must yield credentials.
    private func profileChoice(
        _ profile: AWSProfile,
        chain: [String],
        isSource: Bool
    ) throws(ConfigurationError) -> Choice? {
        let staticCredentials = try staticCredentials(of: profile)
        if isSource, let staticCredentials {
            return staticChoice(staticCredentials, profile: profile)
        }
        if let roleARN = profile.value(ProfileKey.roleARN) {
            return try roleChoice(profile, roleARN: roleARN, chain: chain)
        }
        if let staticCredentials {
            return staticChoice(staticCredentials, profile: profile)
        }
        try rejectUnsupportedMechanisms(of: profile)
        if isSource {
            throw .invalidProfile(
                name: profile.name,
                location: profile.location,
                problem: "it is the source_profile of '\(chain.last ?? "")' but has neither "
                    + "aws_access_key_id and aws_secret_access_key nor role_arn"
            )
        }
        return nil
    }

    private func staticCredentials(of profile: AWSProfile) throws(ConfigurationError) -> AWSCredentials? {
        let accessKeyID = profile.value(ProfileKey.accessKeyID)
        let secretAccessKey = profile.value(ProfileKey.secretAccessKey)
        switch (accessKeyID, secretAccessKey) {
        case (let accessKeyID?, let secretAccessKey?):
            return AWSCredentials(
                accessKeyID: accessKeyID,
                secretAccessKey: secretAccessKey,
                sessionToken: profile.value(ProfileKey.sessionToken)
            )
        case (nil, nil):
            return nil
        case (nil, _):
            throw .partialCredentials(
                source: "profile '\(profile.name)' (\(profile.location(of: ProfileKey.secretAccessKey)))",
                present: ProfileKey.secretAccessKey,
                missing: ProfileKey.accessKeyID
            )
        case (_, nil):
            throw .partialCredentials(
                source: "profile '\(profile.name)' (\(profile.location(of: ProfileKey.accessKeyID)))",
                present: ProfileKey.accessKeyID,
                missing: ProfileKey.secretAccessKey
            )
        }
    }

    private func staticChoice(_ credentials: AWSCredentials, profile: AWSProfile) -> Choice {
        Choice(
            provider: StaticCredentialProvider(credentials),
            source: "profile '\(profile.name)' (static keys, \(profile.location(of: ProfileKey.accessKeyID)))"
        )
    }

    private func rejectUnsupportedMechanisms(of profile: AWSProfile) throws(ConfigurationError) {
        if profile.value(ProfileKey.credentialProcess) != nil {
            throw .unsupportedSetting(
                profile: profile.name,
                location: profile.location(of: ProfileKey.credentialProcess),
                setting: ProfileKey.credentialProcess,
                advice: "run the process yourself and export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
                    + "and AWS_SESSION_TOKEN from its output"
            )
        }
        for key in [ProfileKey.ssoSession, ProfileKey.ssoStartURL] where profile.value(key) != nil {
            throw .unsupportedSetting(
                profile: profile.name,
                location: profile.location(of: key),
                setting: "IAM Identity Center (\(key))",
                advice: "run 'aws configure export-credentials --profile \(profile.name) --format env' "
                    + "and use the variables it prints"
            )
        }
    }

    private func roleChoice(
        _ profile: AWSProfile,
        roleARN: String,
        chain: [String]
    ) throws(ConfigurationError) -> Choice {
        if profile.value(ProfileKey.mfaSerial) != nil {
            throw .unsupportedSetting(
                profile: profile.name,
                location: profile.location(of: ProfileKey.mfaSerial),
                setting: ProfileKey.mfaSerial,
                advice: "channelops runs unattended and cannot ask for an MFA code; use a role "
                    + "whose trust policy does not require MFA"
            )
        }
        let durationSeconds = try roleDuration(of: profile)
        let sourceProfile = profile.value(ProfileKey.sourceProfile)
        let credentialSource = profile.value(ProfileKey.credentialSource)
        let tokenFile = profile.value(ProfileKey.webIdentityTokenFile)

        let base: Choice
        switch (sourceProfile, credentialSource, tokenFile) {
        case (_?, _?, _):
            throw .invalidProfile(
                name: profile.name,
                location: profile.location,
                problem: "it sets both source_profile and credential_source; keep one of them"
            )
        case (let sourceName?, nil, _):
            base = try sourceProfileChoice(sourceName, of: profile, chain: chain)
        case (nil, let sourceKind?, _):
            base = try credentialSourceChoice(sourceKind, of: profile)
        case (nil, nil, let tokenFile?):
            return webIdentityChoice(
                roleARN: roleARN,
                tokenFile: environment.expandingTilde(tokenFile),
                tokenFileSetting:
                    "\(ProfileKey.webIdentityTokenFile) (\(profile.location(of: ProfileKey.webIdentityTokenFile)))",
                sessionName: profile.value(ProfileKey.roleSessionName),
                durationSeconds: durationSeconds
            )
        case (nil, nil, nil):
            throw .invalidProfile(
                name: profile.name,
                location: profile.location(of: ProfileKey.roleARN),
                problem: "role_arn needs source_profile, credential_source or web_identity_token_file "
                    + "to say which credentials assume the role"
            )
        }

        let source = AssumeRoleCredentialSource(
            roleARN: roleARN,
            sessionName: profile.value(ProfileKey.roleSessionName),
            externalID: profile.value(ProfileKey.externalID),
            durationSeconds: durationSeconds,
            base: base.provider,
            assumer: roleAssumer,
            clock: services.clock
        )
        let description = "role \(roleARN) of profile '\(profile.name)', assumed with \(base.source)"
        return Choice(provider: caching(source, named: description), source: description)
    }

    private func roleDuration(of profile: AWSProfile) throws(ConfigurationError) -> Int? {
        guard let text = profile.value(ProfileKey.durationSeconds) else {
            return nil
        }
        guard let seconds = Int(text), (900...43_200).contains(seconds) else {
            throw .invalidValue(
                setting: "\(ProfileKey.durationSeconds) (\(profile.location(of: ProfileKey.durationSeconds)))",
                value: text,
                expected: "a whole number of seconds from 900 to 43200"
            )
        }
        return seconds
    }

    private func sourceProfileChoice(
        _ name: String,
        of profile: AWSProfile,
        chain: [String]
    ) throws(ConfigurationError) -> Choice {
        let path = chain + [profile.name]
        guard let source = files.profiles[name] else {
            throw .invalidProfile(
                name: profile.name,
                location: profile.location(of: ProfileKey.sourceProfile),
                problem: "its source_profile '\(name)' is not defined in \(files.configPath) "
                    + "or \(files.credentialsPath)"
            )
        }
        // A profile may name itself as source to use its own static keys; any other repeat loops.
        let isSelfReference = name == profile.name && source.hasStaticCredentials
        if path.contains(name) && !isSelfReference {
            throw .sourceProfileCycle(chain: path + [name])
        }
        guard let choice = try profileChoice(source, chain: path, isSource: true) else {
            // profileChoice throws for a source profile without credentials; this is defensive.
            throw .invalidProfile(
                name: name,
                location: source.location,
                problem: "it is the source_profile of '\(profile.name)' but yields no credentials"
            )
        }
        return choice
    }

    private func credentialSourceChoice(_ kind: String, of profile: AWSProfile) throws(ConfigurationError) -> Choice {
        let location = profile.location(of: ProfileKey.credentialSource)
        switch kind {
        case "Environment":
            guard let credentials = try environmentCredentials() else {
                throw .invalidProfile(
                    name: profile.name,
                    location: location,
                    problem: "credential_source = Environment, but AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY are not set"
                )
            }
            return Choice(provider: StaticCredentialProvider(credentials), source: "environment variables")
        case "Ec2InstanceMetadata":
            guard !(try isMetadataDisabled) else {
                throw .invalidProfile(
                    name: profile.name,
                    location: location,
                    problem: "credential_source = Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true"
                )
            }
            return try instanceMetadataChoice()
        case "EcsContainer":
            guard let choice = try containerChoice() else {
                throw .invalidProfile(
                    name: profile.name,
                    location: location,
                    problem: "credential_source = EcsContainer, but neither "
                        + "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
                )
            }
            return choice
        default:
            throw .invalidValue(
                setting: "\(ProfileKey.credentialSource) (\(location))",
                value: kind,
                expected: "Environment, Ec2InstanceMetadata or EcsContainer"
            )
        }
    }

    // MARK: - Network sources

    private func webIdentityChoice(
        roleARN: String,
        tokenFile: String,
        tokenFileSetting: String,
        sessionName: String?,
        durationSeconds: Int?
    ) -> Choice {
        let source = WebIdentityCredentialSource(
            roleARN: roleARN,
            tokenFile: tokenFile,
            tokenFileSetting: tokenFileSetting,
            sessionName: sessionName,
            durationSeconds: durationSeconds,
            readFile: environment.readFile,
            assumer: roleAssumer,
            clock: services.clock
        )
        let description = "web identity token \(tokenFile) for role \(roleARN)"
        return Choice(provider: caching(source, named: description), source: description)
    }

    private func containerChoice() throws(ConfigurationError) -> Choice? {
        let url: URL
        if let relative = environment.value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let text = "http://169.254.170.2" + (relative.hasPrefix("/") ? "" : "/") + relative
            guard let parsed = URL(string: text) else {
                throw .invalidValue(
                    setting: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                    value: relative,
                    expected: "a URL path such as /v2/credentials/ID"
                )
            }
            url = parsed
        } else if let full = environment.value("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            url = try allowedContainerURL(full)
        } else {
            return nil
        }
        let source = ContainerCredentialSource(
            url: url,
            authorizationToken: environment.value("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            authorizationTokenFile: environment.value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
                .map(environment.expandingTilde),
            readFile: environment.readFile,
            transport: services.metadataTransport,
            timeout: services.containerTimeout
        )
        let description = "container credentials at \(url.absoluteString)"
        return Choice(provider: caching(source, named: description), source: description)
    }

    /// The full container URI when the SDKs would accept it: any https URL, or http only to
    /// a loopback address or the container platforms' link-local endpoints, so that
    /// credentials are never fetched in clear text across a network.
    private func allowedContainerURL(_ text: String) throws(ConfigurationError) -> URL {
        let url = URL(string: text)
        let scheme = url?.scheme?.lowercased()
        let host = (url?.host ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        let isAllowedHTTPHost =
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
            || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"].contains(host)
        guard let url, !host.isEmpty, scheme == "https" || (scheme == "http" && isAllowedHTTPHost) else {
            throw .invalidValue(
                setting: "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                value: text,
                expected: "an https:// URL, or an http:// URL to a loopback address, "
                    + "169.254.170.2, 169.254.170.23 or fd00:ec2::23"
            )
        }
        return url
    }

    private var isMetadataDisabled: Bool {
        get throws(ConfigurationError) {
            guard let value = environment.value("AWS_EC2_METADATA_DISABLED") else {
                return false
            }
            switch value.lowercased() {
            case "true": return true
            case "false": return false
            default:
                throw .invalidValue(setting: "AWS_EC2_METADATA_DISABLED", value: value, expected: "true or false")
            }
        }
    }

    private func instanceMetadataChoice() throws(ConfigurationError) -> Choice {
        let lookup = SettingLookup(environment: environment, profile: selection.profile)
        let (text, setting) =
            lookup.first(
                variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT"],
                key: ProfileKey.metadataServiceEndpoint
            ) ?? ("http://169.254.169.254", "default")
        guard let endpoint = URL(string: text), ["http", "https"].contains(endpoint.scheme?.lowercased() ?? "") else {
            throw .invalidValue(
                setting: setting, value: text, expected: "an http:// URL such as http://169.254.169.254")
        }
        let source = InstanceMetadataCredentialSource(
            endpoint: endpoint,
            transport: services.metadataTransport,
            timeout: services.metadataTimeout
        )
        let description = "instance metadata at \(endpoint.absoluteString)"
        return Choice(provider: caching(source, named: description), source: description)
    }

    // MARK: - Shared parts

    private var roleAssumer: any RoleAssumer {
        services.roleAssumer
            ?? STSRoleAssumer(
                endpoint: configuration.sts.url,
                region: configuration.sts.signingRegion,
                transport: services.transport,
                signer: services.signer,
                clock: services.clock,
                counter: services.counter
            )
    }

    private func caching(_ source: any TemporaryCredentialSource, named name: String) -> CachingCredentialProvider {
        CachingCredentialProvider(source: source, sourceName: name, clock: services.clock, logger: services.logger)
    }
}
