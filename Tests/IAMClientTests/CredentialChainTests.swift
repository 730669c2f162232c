import Foundation
import SigV4
import Testing

@testable import IAMClient

/// One row of the credential chain's precedence table.
struct CredentialChainCase: CustomTestStringConvertible, Sendable {
    var reason: String
    var variables: [String: String] = [:]
    var options = ConfigurationOptions()
    var expected: String

    var testDescription: String { reason }
}

@Suite("Credential chain")
struct CredentialChainTests {
    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret
        [base]
        aws_access_key_id = AKIDBASE
        aws_secret_access_key = base-secret
        [both]
        aws_access_key_id = AKIDBOTH
        aws_secret_access_key = both-secret
        """

    static let configFile = """
        [profile both]
        role_arn = arn:aws:iam::123456789012:role/both
        source_profile = base
        [profile empty]
        region = eu-west-1
        [profile webid]
        role_arn = arn:aws:iam::123456789012:role/webid
        web_identity_token_file = /var/run/profile-token
        [profile envsourced]
        role_arn = arn:aws:iam::123456789012:role/envsourced
        credential_source = Environment
        [profile deployer]
        role_arn = arn:aws:iam::123456789012:role/deployer
        source_profile = middle
        role_session_name = deploy-run
        [profile middle]
        role_arn = arn:aws:iam::123456789012:role/middle
        source_profile = base
        external_id = partner-7
        duration_seconds = 900
        [profile self]
        role_arn = arn:aws:iam::123456789012:role/self
        source_profile = self
        aws_access_key_id = AKIDSELF
        aws_secret_access_key = self-secret
        """

    static let envKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
    static let webIdentity = [
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci",
        "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/ci-token",
    ]

    static func environment(_ variables: [String: String], files: Bool = true) -> ConfigurationEnvironment {
        CredentialFixture.environment(
            variables,
            config: files ? configFile : nil,
            credentials: files ? credentialsFile : nil
        )
    }

    @Test(
        "the first configured source in the SDKs' order wins",
        arguments: [
            CredentialChainCase(
                reason: "credentials given in code win over everything",
                variables: envKeys,
                options: ConfigurationOptions(
                    credentials: AWSCredentials(accessKeyID: "AKIDCODE", secretAccessKey: "s")),
                expected: "explicit credentials"
            ),
            CredentialChainCase(
                reason: "environment keys win over web identity and the profile",
                variables: envKeys.merging(webIdentity) { $1 },
                expected: "environment variables"
            ),
            CredentialChainCase(
                reason: "AWS_PROFILE does not turn off the environment keys",
                variables: envKeys.merging(["AWS_PROFILE": "base"]) { $1 },
                expected: "environment variables"
            ),
            CredentialChainCase(
                reason: "--profile turns off the environment keys, as in the AWS CLI",
                variables: envKeys,
                options: ConfigurationOptions(profile: "base"),
                expected: "profile 'base' (static keys, /home/tester/.aws/credentials:5)"
            ),
            CredentialChainCase(
                reason: "web identity from the environment wins over the profile",
                variables: webIdentity,
                expected: "web identity token /var/run/ci-token for role arn:aws:iam::123456789012:role/ci"
            ),
            CredentialChainCase(
                reason: "the default profile's static keys",
                expected: "profile 'default' (static keys, /home/tester/.aws/credentials:2)"
            ),
            CredentialChainCase(
                reason: "role_arn wins over static keys in the same profile",
                options: ConfigurationOptions(profile: "both"),
                expected: "role arn:aws:iam::123456789012:role/both of profile 'both', assumed with "
                    + "profile 'base' (static keys, /home/tester/.aws/credentials:5)"
            ),
            CredentialChainCase(
                reason: "a profile's role_arn with web_identity_token_file",
                options: ConfigurationOptions(profile: "webid"),
                expected: "web identity token /var/run/profile-token for role arn:aws:iam::123456789012:role/webid"
            ),
            CredentialChainCase(
                reason: "credential_source = Environment assumes the role with the environment keys",
                variables: envKeys,
                options: ConfigurationOptions(profile: "envsourced"),
                expected: "role arn:aws:iam::123456789012:role/envsourced of profile 'envsourced', assumed with "
                    + "environment variables"
            ),
            CredentialChainCase(
                reason: "a chain of roles names each link",
                variables: ["AWS_PROFILE": "deployer"],
                expected: "role arn:aws:iam::123456789012:role/deployer of profile 'deployer', assumed with "
                    + "role arn:aws:iam::123456789012:role/middle of profile 'middle', assumed with "
                    + "profile 'base' (static keys, /home/tester/.aws/credentials:5)"
            ),
            CredentialChainCase(
                reason: "a profile without credentials falls through to the container",
                variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"],
                options: ConfigurationOptions(profile: "empty"),
                expected: "container credentials at http://169.254.170.2/v2/credentials/abc"
            ),
            CredentialChainCase(
                reason: "the relative container URI wins over the full one",
                variables: [
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "v2/credentials/abc",
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9911/creds",
                ],
                options: ConfigurationOptions(profile: "empty"),
                expected: "container credentials at http://169.254.170.2/v2/credentials/abc"
            ),
            CredentialChainCase(
                reason: "a full container URI on a loopback address is accepted",
                variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9911/creds"],
                options: ConfigurationOptions(profile: "empty"),
                expected: "container credentials at http://127.0.0.1:9911/creds"
            ),
            CredentialChainCase(
                reason: "instance metadata is the last resort",
                options: ConfigurationOptions(profile: "empty"),
                expected: "instance metadata"
            ),
        ]
    )
    func precedence(_ row: CredentialChainCase) throws {
        let resolved = try CredentialFixture.resolve(Self.environment(row.variables), options: row.options)
        #expect(resolved.credentialSource == row.expected)
    }

    @Test("static sources hand out their keys without any network call")
    func staticSources() async throws {
        let fromEnvironment = try CredentialFixture.resolve(
            Self.environment(Self.envKeys.merging(["AWS_SESSION_TOKEN": "env-token"]) { $1 })
        )
        #expect(
            try await fromEnvironment.credentialProvider.credentials()
                == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: "env-secret", sessionToken: "env-token")
        )
        let fromProfile = try CredentialFixture.resolve(Self.environment([:]))
        #expect(
            try await fromProfile.credentialProvider.credentials()
                == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "default-secret")
        )
    }

    @Test("a role chain assumes each role with the credentials of the one below it")
    func roleChaining() async throws {
        let assumer = CredentialRecordingAssumer()
        let resolved = try CredentialFixture.resolve(
            Self.environment([:]),
            options: ConfigurationOptions(profile: "deployer"),
            services: CredentialFixture.services(roleAssumer: assumer)
        )

        let credentials = try await resolved.credentialProvider.credentials()

        #expect(credentials.accessKeyID == "ASIA-deployer")
        #expect(
            await assumer.calls == [
                .init(
                    action: "AssumeRole",
                    roleARN: "arn:aws:iam::123456789012:role/middle",
                    sessionName: "channelops-1767225600",
                    proof: "AKIDBASE"
                ),
                .init(
                    action: "AssumeRole",
                    roleARN: "arn:aws:iam::123456789012:role/deployer",
                    sessionName: "deploy-run",
                    proof: "ASIA-middle"
                ),
            ]
        )
    }

    @Test("a profile naming itself as source uses its own static keys to assume its role")
    func selfReferencingProfile() async throws {
        let assumer = CredentialRecordingAssumer()
        let resolved = try CredentialFixture.resolve(
            Self.environment([:]),
            options: ConfigurationOptions(profile: "self"),
            services: CredentialFixture.services(roleAssumer: assumer)
        )
        #expect(try await resolved.credentialProvider.credentials().accessKeyID == "ASIA-self")
        #expect(await assumer.calls.map(\.proof) == ["AKIDSELF"])
    }

    @Test("web identity reads the token file on every fetch and calls STS with it")
    func webIdentityReadsTokenEachTime() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let assumer = CredentialRecordingAssumer(expiration: CredentialFixture.start.addingTimeInterval(900))
        let token = TokenBox("first-token")
        let environment = ConfigurationEnvironment(
            variables: Self.webIdentity.merging(["AWS_ROLE_SESSION_NAME": "ci-run"]) { $1 },
            homeDirectory: CredentialFixture.home
        ) { path throws(ConfigurationError) in
            path == "/var/run/ci-token" ? token.value : nil
        }
        let resolved = try CredentialFixture.resolve(
            environment,
            services: CredentialFixture.services(roleAssumer: assumer, clock: clock.read)
        )

        _ = try await resolved.credentialProvider.credentials()
        token.value = "rotated-token"
        clock.advance(by: 900)
        _ = try await resolved.credentialProvider.credentials()

        #expect(await assumer.calls.map(\.proof) == ["first-token", "rotated-token"])
        #expect(await assumer.calls.map(\.sessionName) == ["ci-run", "ci-run"])
        #expect(await assumer.calls.map(\.action) == ["AssumeRoleWithWebIdentity", "AssumeRoleWithWebIdentity"])
    }

    @Test("a missing web identity token file is a clear error at first use")
    func missingTokenFile() async throws {
        let resolved = try CredentialFixture.resolve(
            Self.environment(Self.webIdentity),
            services: CredentialFixture.services(roleAssumer: CredentialRecordingAssumer())
        )
        let message = await CredentialFixture.errorText { _ = try await resolved.credentialProvider.credentials() }
        #expect(
            message
                == "cannot read the token file /var/run/ci-token (from AWS_WEB_IDENTITY_TOKEN_FILE): the file does not exist"
        )
    }

    static let noCredentialsSuffix =
        "; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or select a profile that has credentials with "
        + "--profile or AWS_PROFILE"

    /// A row of the no-credentials table: inputs, how instance metadata behaves, expected text.
    struct NoCredentialsCase: CustomTestStringConvertible, Sendable {
        var reason: String
        var variables: [String: String] = [:]
        var options = ConfigurationOptions()
        var config: String?
        var metadata: @Sendable () -> CredentialScriptedTransport
        var expected: String

        var testDescription: String { reason }
    }

    @Test(
        "with no credentials anywhere, one error lists every source looked at and why it gave nothing",
        arguments: [
            NoCredentialsCase(
                reason: "nothing configured and instance metadata silent",
                metadata: { CredentialScriptedTransport.silent() },
                expected: "no AWS credentials found; looked at: environment (AWS_ACCESS_KEY_ID not set), "
                    + "web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set), "
                    + "profile 'default' (/home/tester/.aws/config and /home/tester/.aws/credentials not found), "
                    + "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                    + "AWS_CONTAINER_CREDENTIALS_FULL_URI set), "
                    + "instance metadata (no answer from http://169.254.169.254 within 0.05s)" + noCredentialsSuffix
            ),
            NoCredentialsCase(
                reason: "--profile names a profile without credentials; instance metadata disabled",
                variables: ["AWS_EC2_METADATA_DISABLED": "TRUE"],
                options: ConfigurationOptions(profile: "empty"),
                config: "[profile empty]\nregion = eu-west-1\n",
                metadata: { CredentialScriptedTransport.silent() },
                expected: "no AWS credentials found; looked at: environment (skipped because --profile was given), "
                    + "web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set), "
                    + "profile 'empty' (no aws_access_key_id or role_arn in /home/tester/.aws/config:1), "
                    + "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                    + "AWS_CONTAINER_CREDENTIALS_FULL_URI set), "
                    + "instance metadata (disabled by AWS_EC2_METADATA_DISABLED)" + noCredentialsSuffix
            ),
            NoCredentialsCase(
                reason: "config file without the default profile; instance metadata refuses connections",
                config: "[profile other]\n",
                metadata: { CredentialScriptedTransport.refusing() },
                expected: "no AWS credentials found; looked at: environment (AWS_ACCESS_KEY_ID not set), "
                    + "web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set), "
                    + "profile 'default' (not in /home/tester/.aws/config; /home/tester/.aws/credentials not found), "
                    + "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                    + "AWS_CONTAINER_CREDENTIALS_FULL_URI set), "
                    + "instance metadata (no answer from 169.254.169.254: connection refused)" + noCredentialsSuffix
            ),
            NoCredentialsCase(
                reason: "an instance without a role",
                metadata: {
                    CredentialScriptedTransport { request throws(TransportError) in
                        request.method == "PUT" ? .text(200, "imds-token") : .text(404, "Not Found")
                    }
                },
                expected: "no AWS credentials found; looked at: environment (AWS_ACCESS_KEY_ID not set), "
                    + "web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set), "
                    + "profile 'default' (/home/tester/.aws/config and /home/tester/.aws/credentials not found), "
                    + "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
                    + "AWS_CONTAINER_CREDENTIALS_FULL_URI set), "
                    + "instance metadata (no IAM role is attached to this instance)" + noCredentialsSuffix
            ),
        ]
    )
    func noCredentials(_ row: NoCredentialsCase) async throws {
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment(row.variables, config: row.config),
            options: row.options,
            services: CredentialFixture.services(metadataTransport: row.metadata(), metadataTimeout: .milliseconds(50))
        )
        #expect(resolved.credentialSource == "instance metadata")
        let message = await CredentialFixture.errorText { _ = try await resolved.credentialProvider.credentials() }
        #expect(message == row.expected)
    }

    @Test(
        "a source that is configured but cannot work is an error naming the setting, never skipped",
        arguments: [
            CredentialChainCase(
                reason: "half an environment key pair",
                variables: ["AWS_ACCESS_KEY_ID": "AKIDENV"],
                expected: "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither"
            ),
            CredentialChainCase(
                reason: "half an environment key pair, the other half",
                variables: ["AWS_SECRET_ACCESS_KEY": "env-secret"],
                expected: "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither"
            ),
            CredentialChainCase(
                reason: "web identity role without a token file",
                variables: ["AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci"],
                expected:
                    "web identity: AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not; set both or neither"
            ),
            CredentialChainCase(
                reason: "web identity token file without a role",
                variables: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/ci-token"],
                expected:
                    "web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set both or neither"
            ),
            CredentialChainCase(
                reason: "role_arn without a source",
                options: ConfigurationOptions(profile: "lonely"),
                expected: "profile 'lonely' (/home/tester/.aws/config:2): role_arn needs source_profile, "
                    + "credential_source or web_identity_token_file to say which credentials assume the role"
            ),
            CredentialChainCase(
                reason: "both source_profile and credential_source",
                options: ConfigurationOptions(profile: "twosources"),
                expected: "profile 'twosources' (/home/tester/.aws/config:3): it sets both source_profile and "
                    + "credential_source; keep one of them"
            ),
            CredentialChainCase(
                reason: "a source_profile that is not defined",
                options: ConfigurationOptions(profile: "orphan"),
                expected: "profile 'orphan' (/home/tester/.aws/config:11): its source_profile 'nowhere' is not defined "
                    + "in /home/tester/.aws/config or /home/tester/.aws/credentials"
            ),
            CredentialChainCase(
                reason: "source_profile settings that loop",
                options: ConfigurationOptions(profile: "loop-a"),
                expected: "source_profile settings loop: loop-a -> loop-b -> loop-a; give one profile in the chain "
                    + "static keys and no source_profile"
            ),
            CredentialChainCase(
                reason: "a longer loop that does not start at the selected profile",
                options: ConfigurationOptions(profile: "entry"),
                expected: "source_profile settings loop: entry -> loop-a -> loop-b -> loop-a; give one profile in "
                    + "the chain static keys and no source_profile"
            ),
            CredentialChainCase(
                reason: "a source profile without any credentials",
                options: ConfigurationOptions(profile: "hollow-user"),
                expected: "profile 'hollow' (/home/tester/.aws/config:24): it is the source_profile of 'hollow-user' "
                    + "but has neither aws_access_key_id and aws_secret_access_key nor role_arn"
            ),
            CredentialChainCase(
                reason: "an unknown credential_source",
                options: ConfigurationOptions(profile: "badsource"),
                expected: "credential_source (/home/tester/.aws/config:28) is 'Laptop'; expected Environment, "
                    + "Ec2InstanceMetadata or EcsContainer"
            ),
            CredentialChainCase(
                reason: "credential_source = Environment without environment keys",
                options: ConfigurationOptions(profile: "envsourced"),
                expected: "profile 'envsourced' (/home/tester/.aws/config:31): credential_source = Environment, "
                    + "but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
            ),
            CredentialChainCase(
                reason: "credential_source = Ec2InstanceMetadata with instance metadata disabled",
                variables: ["AWS_EC2_METADATA_DISABLED": "true"],
                options: ConfigurationOptions(profile: "ec2sourced"),
                expected: "profile 'ec2sourced' (/home/tester/.aws/config:34): credential_source = "
                    + "Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true"
            ),
            CredentialChainCase(
                reason: "credential_source = EcsContainer outside a container",
                options: ConfigurationOptions(profile: "ecssourced"),
                expected: "profile 'ecssourced' (/home/tester/.aws/config:37): credential_source = EcsContainer, "
                    + "but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
            ),
            CredentialChainCase(
                reason: "credential_process is not supported",
                options: ConfigurationOptions(profile: "process"),
                expected: "profile 'process' (/home/tester/.aws/config:39) uses credential_process, which channelops "
                    + "does not support; run the process yourself and export AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from its output"
            ),
            CredentialChainCase(
                reason: "IAM Identity Center is not supported",
                options: ConfigurationOptions(profile: "sso"),
                expected: "profile 'sso' (/home/tester/.aws/config:41) uses IAM Identity Center (sso_session), which "
                    + "channelops does not support; run 'aws configure export-credentials --profile sso --format env' "
                    + "and use the variables it prints"
            ),
            CredentialChainCase(
                reason: "mfa_serial needs a person at the keyboard",
                options: ConfigurationOptions(profile: "mfa"),
                expected: "profile 'mfa' (/home/tester/.aws/config:47) uses mfa_serial, which channelops does not "
                    + "support; channelops runs unattended and cannot ask for an MFA code; use a role whose trust "
                    + "policy does not require MFA"
            ),
            CredentialChainCase(
                reason: "a role duration outside what STS allows",
                options: ConfigurationOptions(profile: "longrole"),
                expected: "duration_seconds (/home/tester/.aws/config:50) is '60'; expected a whole number of seconds "
                    + "from 900 to 43200"
            ),
            CredentialChainCase(
                reason: "half a key pair in a profile",
                options: ConfigurationOptions(profile: "halfkeys"),
                expected: "profile 'halfkeys' (/home/tester/.aws/config:52): aws_access_key_id is set but "
                    + "aws_secret_access_key is not; set both or neither"
            ),
            CredentialChainCase(
                reason: "a full container URI over plain http to another host",
                variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://credentials.example.com/creds"],
                options: ConfigurationOptions(profile: "ecssourced"),
                expected: "AWS_CONTAINER_CREDENTIALS_FULL_URI is 'http://credentials.example.com/creds'; expected an "
                    + "https:// URL, or an http:// URL to a loopback address, 169.254.170.2, 169.254.170.23 or "
                    + "fd00:ec2::23"
            ),
        ]
    )
    func brokenSource(_ row: CredentialChainCase) {
        let config = """
            [profile lonely]
            role_arn = arn:aws:iam::123456789012:role/lonely
            [profile twosources]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = base
            credential_source = Environment
            [base]
            region = us-east-1
            [profile orphan]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = nowhere
            [profile loop-a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = loop-b
            [profile loop-b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = loop-a
            [profile entry]
            role_arn = arn:aws:iam::123456789012:role/entry
            source_profile = loop-a
            [profile hollow-user]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = hollow
            [profile hollow]
            region = eu-west-1
            [profile badsource]
            role_arn = arn:aws:iam::123456789012:role/x
            credential_source = Laptop
            [profile envsourced]
            role_arn = arn:aws:iam::123456789012:role/x
            credential_source = Environment
            [profile ec2sourced]
            role_arn = arn:aws:iam::123456789012:role/x
            credential_source = Ec2InstanceMetadata
            [profile ecssourced]
            role_arn = arn:aws:iam::123456789012:role/x
            credential_source = EcsContainer
            [profile process]
            credential_process = /usr/bin/get-creds
            [profile sso]
            sso_session = corp
            sso_account_id = 123456789012
            region = eu-west-1
            [profile mfa]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = process
            mfa_serial = arn:aws:iam::123456789012:mfa/alice
            [profile longrole]
            role_arn = arn:aws:iam::123456789012:role/x
            duration_seconds = 60
            [profile halfkeys]
            aws_access_key_id = AKIDHALF
            """
        let message = CredentialFixture.configurationErrorText { () throws(ConfigurationError) in
            _ = try CredentialFixture.resolve(
                CredentialFixture.environment(row.variables, config: config),
                options: row.options
            )
        }
        #expect(message == row.expected)
    }
}

/// A mutable string shared with a file-reading closure.
final class TokenBox: @unchecked Sendable {
    // Unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: String

    init(_ value: String) {
        stored = value
    }

    var value: String {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
