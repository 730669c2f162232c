import Testing

@testable import IAMClient

/// One row of a precedence table: inputs, the value expected, and why that value wins.
struct ConfigPrecedenceCase: CustomTestStringConvertible, Sendable {
    var reason: String
    var variables: [String: String] = [:]
    var config: String?
    var options = ConfigurationOptions()
    var expected: String

    var testDescription: String { reason }

    func resolve() throws(ConfigurationError) -> AWSConfiguration {
        try AWSConfiguration.resolve(
            options: options,
            environment: CredentialFixture.environment(variables, config: config)
        )
    }
}

@Suite("AWS configuration resolution")
struct ConfigResolutionTests {
    static let regionProfile = """
        [default]
        region = eu-west-3
        [profile other]
        region = sa-east-1
        """

    @Test(
        "region comes from --region, AWS_REGION, AWS_DEFAULT_REGION, the profile, then us-east-1",
        arguments: [
            ConfigPrecedenceCase(
                reason: "--region wins over every variable and the profile",
                variables: ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"],
                config: regionProfile,
                options: ConfigurationOptions(region: "ap-south-1"),
                expected: "ap-south-1"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_REGION wins over AWS_DEFAULT_REGION and the profile",
                variables: ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"],
                config: regionProfile,
                expected: "eu-west-1"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_DEFAULT_REGION wins over the profile",
                variables: ["AWS_DEFAULT_REGION": "eu-west-2"],
                config: regionProfile,
                expected: "eu-west-2"
            ),
            ConfigPrecedenceCase(
                reason: "an empty AWS_REGION counts as unset",
                variables: ["AWS_REGION": "", "AWS_DEFAULT_REGION": "eu-west-2"],
                expected: "eu-west-2"
            ),
            ConfigPrecedenceCase(
                reason: "the default profile's region applies when no variable is set",
                config: regionProfile,
                expected: "eu-west-3"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_PROFILE selects whose region is read",
                variables: ["AWS_PROFILE": "other"],
                config: regionProfile,
                expected: "sa-east-1"
            ),
            ConfigPrecedenceCase(
                reason: "--profile wins over AWS_PROFILE in selecting the profile",
                variables: ["AWS_PROFILE": "missing"],
                config: regionProfile,
                options: ConfigurationOptions(profile: "other"),
                expected: "sa-east-1"
            ),
            ConfigPrecedenceCase(reason: "us-east-1 when nothing is set", expected: "us-east-1"),
        ]
    )
    func regionPrecedence(_ row: ConfigPrecedenceCase) throws {
        #expect(try row.resolve().region == row.expected)
    }

    static let endpointConfig = """
        [profile plain]
        endpoint_url = http://profile-wide:1
        [profile grouped]
        endpoint_url = http://profile-wide:1
        services = local
        ignore_configured_endpoint_urls = false
        [profile ignoring]
        endpoint_url = http://profile-wide:1
        ignore_configured_endpoint_urls = true
        [services local]
        sts =
          endpoint_url = http://services-sts:2
        """

    @Test(
        "endpoints follow --endpoint-url, service variable, AWS_ENDPOINT_URL, services section, profile",
        arguments: [
            ConfigPrecedenceCase(
                reason: "--endpoint-url wins over every variable and serves IAM and STS alike",
                variables: ["AWS_ENDPOINT_URL_IAM": "http://iam-var:3", "AWS_ENDPOINT_URL": "http://global-var:4"],
                options: ConfigurationOptions(endpointURL: "http://127.0.0.1:5000"),
                expected: "iam http://127.0.0.1:5000 us-east-1 --endpoint-url | "
                    + "sts http://127.0.0.1:5000 us-east-1 --endpoint-url"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_ENDPOINT_URL_IAM wins for IAM only; STS falls to AWS_ENDPOINT_URL",
                variables: ["AWS_ENDPOINT_URL_IAM": "http://iam-var:3", "AWS_ENDPOINT_URL": "http://global-var:4"],
                expected: "iam http://iam-var:3 us-east-1 AWS_ENDPOINT_URL_IAM | "
                    + "sts http://global-var:4 us-east-1 AWS_ENDPOINT_URL"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_ENDPOINT_URL_STS wins for STS only",
                variables: ["AWS_ENDPOINT_URL_STS": "http://sts-var:3", "AWS_REGION": "eu-west-1"],
                expected: "iam https://iam.amazonaws.com us-east-1 default | "
                    + "sts http://sts-var:3 eu-west-1 AWS_ENDPOINT_URL_STS"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_ENDPOINT_URL wins over the profile's endpoint settings",
                variables: ["AWS_ENDPOINT_URL": "http://global-var:4", "AWS_PROFILE": "grouped"],
                config: endpointConfig,
                expected: "iam http://global-var:4 us-east-1 AWS_ENDPOINT_URL | "
                    + "sts http://global-var:4 us-east-1 AWS_ENDPOINT_URL"
            ),
            ConfigPrecedenceCase(
                reason: "the services section wins for its service; the other takes the profile's endpoint_url",
                variables: ["AWS_PROFILE": "grouped"],
                config: endpointConfig,
                expected: "iam http://profile-wide:1 us-east-1 endpoint_url (/home/tester/.aws/config:4) | "
                    + "sts http://services-sts:2 us-east-1 sts.endpoint_url in [services local] "
                    + "(/home/tester/.aws/config:11)"
            ),
            ConfigPrecedenceCase(
                reason: "the profile's endpoint_url serves both services",
                variables: ["AWS_PROFILE": "plain"],
                config: endpointConfig,
                expected: "iam http://profile-wide:1 us-east-1 endpoint_url (/home/tester/.aws/config:2) | "
                    + "sts http://profile-wide:1 us-east-1 endpoint_url (/home/tester/.aws/config:2)"
            ),
            ConfigPrecedenceCase(
                reason: "ignore_configured_endpoint_urls in the profile skips variables and files",
                variables: ["AWS_PROFILE": "ignoring", "AWS_ENDPOINT_URL": "http://global-var:4"],
                config: endpointConfig,
                expected: "iam https://iam.amazonaws.com us-east-1 default | "
                    + "sts https://sts.us-east-1.amazonaws.com us-east-1 default"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS does not stop --endpoint-url",
                variables: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "http://global-var:4"],
                options: ConfigurationOptions(endpointURL: "https://proxy.example:8443"),
                expected: "iam https://proxy.example:8443 us-east-1 --endpoint-url | "
                    + "sts https://proxy.example:8443 us-east-1 --endpoint-url"
            ),
            ConfigPrecedenceCase(
                reason: "by default IAM is global and signed for us-east-1; STS is regional",
                options: ConfigurationOptions(region: "eu-central-1"),
                expected: "iam https://iam.amazonaws.com us-east-1 default | "
                    + "sts https://sts.eu-central-1.amazonaws.com eu-central-1 default"
            ),
            ConfigPrecedenceCase(
                reason: "China regions use the China partition's endpoints and IAM signing region",
                options: ConfigurationOptions(region: "cn-northwest-1"),
                expected: "iam https://iam.cn-north-1.amazonaws.com.cn cn-north-1 default | "
                    + "sts https://sts.cn-northwest-1.amazonaws.com.cn cn-northwest-1 default"
            ),
        ]
    )
    func endpointPrecedence(_ row: ConfigPrecedenceCase) throws {
        let configuration = try row.resolve()
        let described = [configuration.iam, configuration.sts].map { endpoint in
            "\(endpoint.signingName) \(endpoint.url.absoluteString) \(endpoint.signingRegion) \(endpoint.origin)"
        }
        #expect(described.joined(separator: " | ") == row.expected)
    }

    @Test(
        "attempts, retry mode and CA bundle come from the variable, then the profile, then the default",
        arguments: [
            ConfigPrecedenceCase(
                reason: "the variables win over the profile",
                variables: ["AWS_MAX_ATTEMPTS": "7", "AWS_RETRY_MODE": "adaptive", "AWS_CA_BUNDLE": "~/ca.pem"],
                config: "[default]\nmax_attempts = 2\nretry_mode = legacy\nca_bundle = /etc/profile-ca.pem\n",
                expected: "7 adaptive /home/tester/ca.pem"
            ),
            ConfigPrecedenceCase(
                reason: "the profile applies when no variable is set",
                config: "[default]\nmax_attempts = 2\nretry_mode = legacy\nca_bundle = /etc/profile-ca.pem\n",
                expected: "2 legacy /etc/profile-ca.pem"
            ),
            ConfigPrecedenceCase(
                reason: "3 attempts, standard mode and the system's CAs by default",
                expected: "3 standard none"
            ),
        ]
    )
    func retryAndTrustPrecedence(_ row: ConfigPrecedenceCase) throws {
        let files = [
            "/home/tester/ca.pem": "PEM",
            "/etc/profile-ca.pem": "PEM",
            CredentialFixture.configPath: row.config ?? "",
        ]
        let configuration = try AWSConfiguration.resolve(
            options: row.options,
            environment: CredentialFixture.environment(row.variables, files: files)
        )
        let described = [
            String(configuration.maxAttempts), configuration.retryMode.rawValue, configuration.caBundlePath ?? "none",
        ]
        #expect(described.joined(separator: " ") == row.expected)
    }

    @Test("the credentials file wins over the config file, and [profile default] over [default]")
    func fileMerging() throws {
        let config = """
            [profile default]
            region = from-profile-default
            [default]
            region = from-plain-default
            max_attempts = 4
            [profile dev]
            region = config-region
            """
        let credentials = "[dev]\nregion = credentials-region\n"
        let environment = CredentialFixture.environment(config: config, credentials: credentials)

        let defaults = try AWSConfiguration.resolve(options: ConfigurationOptions(), environment: environment)
        #expect(defaults.region == "from-profile-default")
        #expect(defaults.maxAttempts == 4)
        let dev = try AWSConfiguration.resolve(options: ConfigurationOptions(profile: "dev"), environment: environment)
        #expect(dev.region == "credentials-region")
        #expect(dev.profileName == "dev")
    }

    @Test("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move the files, with ~ expanded")
    func fileLocations() throws {
        let environment = CredentialFixture.environment(
            ["AWS_CONFIG_FILE": "~/custom/config", "AWS_SHARED_CREDENTIALS_FILE": "/etc/aws/creds"],
            files: [
                "/home/tester/custom/config": "[profile dev]\nregion = us-west-2\n",
                CredentialFixture.configPath: "[profile dev]\nregion = not-this-one\n",
            ]
        )
        let configuration = try AWSConfiguration.resolve(
            options: ConfigurationOptions(profile: "dev"),
            environment: environment
        )
        #expect(configuration.region == "us-west-2")
        #expect(configuration.configFilePath == "/home/tester/custom/config")
        #expect(configuration.credentialsFilePath == "/etc/aws/creds")
    }

    @Test(
        "a bad setting names its source and what it allows",
        arguments: [
            (ConfigPrecedenceCase(
                reason: "profile named by --profile but not defined",
                options: ConfigurationOptions(profile: "prod"),
                expected: "profile 'prod' (selected by --profile) is not defined in /home/tester/.aws/config "
                    + "or /home/tester/.aws/credentials; add [profile prod] to the config file or [prod] "
                    + "to the credentials file, or select another profile"
            )),
            ConfigPrecedenceCase(
                reason: "profile named by AWS_PROFILE but not defined",
                variables: ["AWS_PROFILE": "prod"],
                config: "[profile dev]\n",
                expected: "profile 'prod' (selected by AWS_PROFILE) is not defined in /home/tester/.aws/config "
                    + "or /home/tester/.aws/credentials; add [profile prod] to the config file or [prod] "
                    + "to the credentials file, or select another profile"
            ),
            ConfigPrecedenceCase(
                reason: "max attempts that is not a number",
                variables: ["AWS_MAX_ATTEMPTS": "many"],
                expected: "AWS_MAX_ATTEMPTS is 'many'; expected a whole number of at least 1"
            ),
            ConfigPrecedenceCase(
                reason: "max attempts of zero in the profile",
                config: "[default]\n\nmax_attempts = 0\n",
                expected: "max_attempts (/home/tester/.aws/config:3) is '0'; expected a whole number of at least 1"
            ),
            ConfigPrecedenceCase(
                reason: "unknown retry mode",
                variables: ["AWS_RETRY_MODE": "eager"],
                expected: "AWS_RETRY_MODE is 'eager'; expected standard, legacy or adaptive"
            ),
            ConfigPrecedenceCase(
                reason: "region with characters no region has",
                options: ConfigurationOptions(region: "eu west 1"),
                expected: "--region is 'eu west 1'; expected a region name of lower-case letters, digits and '-', "
                    + "such as eu-west-1"
            ),
            ConfigPrecedenceCase(
                reason: "endpoint that is not an absolute URL",
                variables: ["AWS_ENDPOINT_URL_IAM": "localhost:5000"],
                expected: "AWS_ENDPOINT_URL_IAM is 'localhost:5000'; expected an absolute http:// or https:// URL "
                    + "such as http://127.0.0.1:5000"
            ),
            ConfigPrecedenceCase(
                reason: "CA bundle that does not exist",
                variables: ["AWS_CA_BUNDLE": "/missing/ca.pem"],
                expected: "the CA bundle /missing/ca.pem (from AWS_CA_BUNDLE) does not exist; point AWS_CA_BUNDLE "
                    + "at a PEM file of trusted certificates"
            ),
            ConfigPrecedenceCase(
                reason: "ignore flag that is not a boolean",
                variables: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "yes"],
                expected: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is 'yes'; expected true or false"
            ),
            ConfigPrecedenceCase(
                reason: "malformed config file",
                config: "[default]\nregion\n",
                expected: "/home/tester/.aws/config:2: expected 'name = value' or a [section] header; "
                    + "the line has no '='"
            ),
        ]
    )
    func invalidSetting(_ row: ConfigPrecedenceCase) {
        let message = CredentialFixture.configurationErrorText { () throws(ConfigurationError) in
            _ = try row.resolve()
        }
        #expect(message == row.expected)
    }

    static let secretsManagerConfig = """
        [profile grouped]
        endpoint_url = http://profile-wide:1
        services = local
        [services local]
        secrets_manager =
          endpoint_url = http://services-sm:2
        """

    @Test(
        "Secrets Manager is regional, and has its own variable and services key",
        arguments: [
            ConfigPrecedenceCase(
                reason: "by default the endpoint of the region, signed for it",
                options: ConfigurationOptions(region: "eu-west-1"),
                expected: "secretsmanager https://secretsmanager.eu-west-1.amazonaws.com eu-west-1 default"
            ),
            ConfigPrecedenceCase(
                reason: "--endpoint-url serves every service",
                options: ConfigurationOptions(endpointURL: "http://127.0.0.1:5000"),
                expected: "secretsmanager http://127.0.0.1:5000 us-east-1 --endpoint-url"
            ),
            ConfigPrecedenceCase(
                reason: "AWS_ENDPOINT_URL_SECRETS_MANAGER wins over AWS_ENDPOINT_URL",
                variables: [
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://sm-var:3", "AWS_ENDPOINT_URL": "http://global-var:4",
                ],
                expected: "secretsmanager http://sm-var:3 us-east-1 AWS_ENDPOINT_URL_SECRETS_MANAGER"
            ),
            ConfigPrecedenceCase(
                reason: "the services section's secrets_manager wins over the profile's endpoint_url",
                variables: ["AWS_PROFILE": "grouped", "AWS_REGION": "ap-south-1"],
                config: secretsManagerConfig,
                expected: "secretsmanager http://services-sm:2 ap-south-1 secrets_manager.endpoint_url in "
                    + "[services local] (/home/tester/.aws/config:5)"
            ),
        ]
    )
    func secretsManagerEndpoint(_ row: ConfigPrecedenceCase) throws {
        let endpoint = try row.resolve().secretsManager
        #expect(
            "\(endpoint.signingName) \(endpoint.url.absoluteString) \(endpoint.signingRegion) \(endpoint.origin)"
                == row.expected)
    }

    @Test("a user name and password in --endpoint-url are left out of the configuration's description")
    func endpointCredentialsRedacted() throws {
        let configuration = try AWSConfiguration.resolve(
            options: ConfigurationOptions(endpointURL: "http://admin:s3cret@127.0.0.1:5000"),
            environment: CredentialFixture.environment([:])
        )
        #expect(!configuration.description.contains("s3cret"))
        #expect(!configuration.description.contains("admin"))
        #expect(configuration.description.contains("iam=http://***:***@127.0.0.1:5000 (iam/us-east-1 from"))
    }

    @Test("an absent default profile is no error, and the configuration describes itself without secrets")
    func absentDefaultProfile() throws {
        let configuration = try AWSConfiguration.resolve(
            options: ConfigurationOptions(),
            environment: CredentialFixture.environment(["AWS_PROFILE": "default"])
        )
        #expect(
            configuration.description
                == "profile=default region=us-east-1 iam=https://iam.amazonaws.com (iam/us-east-1 from default) "
                + "sts=https://sts.us-east-1.amazonaws.com (sts/us-east-1 from default) "
                + "secretsmanager=https://secretsmanager.us-east-1.amazonaws.com (secretsmanager/us-east-1 from default) "
                + "ca_bundle=none "
                + "max_attempts=3 retry_mode=standard"
        )
    }
}
