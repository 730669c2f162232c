import ChannelLog
import Foundation
import SigV4
import Testing

@testable import IAMClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The moto servers the end-to-end credential tests talk to, from the variables the emulator
/// script exports.
enum CredentialMoto {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["CHANNELOPS_TEST_MOTO_URL"]
    static let authURL = environment["CHANNELOPS_TEST_AUTH_MOTO_URL"]
    static let authKeyID = environment["CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID"]
    static let authSecret = environment["CHANNELOPS_TEST_AUTH_SECRET_ACCESS_KEY"]

    static let unavailable: Comment =
        "CHANNELOPS_TEST_MOTO_URL is not set: start moto (scripts/emulator.sh start) and export its URL"
    static let authUnavailable = Comment(
        rawValue: "CHANNELOPS_TEST_AUTH_MOTO_URL and its CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID / _SECRET_ACCESS_KEY "
            + "are not set: start the signature-checking moto (scripts/emulator.sh start) and export them"
    )

    /// Writes the two-profile config into a new temporary folder and returns the environment
    /// that points at it: `base` with static keys, `deployer` assuming a role from `base`.
    static func profiles(baseKeyID: String, baseSecret: String) throws -> ConfigurationEnvironment {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "channelops-credentials-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            [profile base]
            region = us-east-1

            [profile deployer]
            role_arn = arn:aws:iam::123456789012:role/deployer
            source_profile = base
            role_session_name = channelops-e2e
            region = us-east-1
            """
        let credentials = "[base]\naws_access_key_id = \(baseKeyID)\naws_secret_access_key = \(baseSecret)\n"
        try config.write(to: folder.appending(path: "config"), atomically: true, encoding: .utf8)
        try credentials.write(to: folder.appending(path: "credentials"), atomically: true, encoding: .utf8)

        var environment = ConfigurationEnvironment.fromProcess()
        environment.variables = [
            "AWS_CONFIG_FILE": folder.appending(path: "config").path,
            "AWS_SHARED_CREDENTIALS_FILE": folder.appending(path: "credentials").path,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        return environment
    }

    /// Calls `sts:GetCallerIdentity` signed with `credentials` and returns the caller's ARN.
    static func callerARN(at endpoint: String, with credentials: AWSCredentials) async throws -> String {
        let url = try #require(URL(string: endpoint))
        let unsigned = HTTPRequest(
            method: "POST",
            url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)
        )
        let signed = try STSRoleAssumer.sigV4Signing(unsigned, credentials, "us-east-1", "sts", Date())
        let response = try await CurlTransport().send(signed)
        let body = String(decoding: response.body, as: UTF8.self)
        try #require(response.status == 200, "GetCallerIdentity answered HTTP \(response.status): \(body)")
        let start = try #require(body.range(of: "<Arn>"))
        let end = try #require(body.range(of: "</Arn>"))
        return String(body[start.upperBound..<end.lowerBound])
    }
}

@Suite("Credentials against moto's STS")
struct CredentialMotoTests {
    @Test(
        "a profile with source_profile assumes its role through moto's STS",
        .enabled(if: CredentialMoto.url != nil, CredentialMoto.unavailable)
    )
    func assumeRoleThroughMoto() async throws {
        let endpoint = try #require(CredentialMoto.url)
        let environment = try CredentialMoto.profiles(baseKeyID: "AKIDBASEEXAMPLE", baseSecret: "base-secret")
        let counter = APICallCounter()
        let resolved = try ResolvedAWSConfiguration.resolve(
            options: ConfigurationOptions(profile: "deployer", endpointURL: endpoint),
            environment: environment,
            services: CredentialServices(
                transport: try CurlTransport(),
                metadataTransport: CredentialScriptedTransport.refusing(),
                logger: .disabled,
                counter: counter
            )
        )
        #expect(
            resolved.credentialSource
                == "role arn:aws:iam::123456789012:role/deployer of profile 'deployer', assumed with profile 'base' "
                + "(static keys, \(environment.variables["AWS_SHARED_CREDENTIALS_FILE"] ?? ""):2)"
        )

        let credentials = try await resolved.credentialProvider.credentials()

        #expect(credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(credentials.accessKeyID != "AKIDBASEEXAMPLE")
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(try await resolved.credentialProvider.credentials() == credentials, "cached, not assumed again")
        #expect(counter.counts == APICallCounts(total: 1, byAction: ["AssumeRole": 1], retries: 0))
        #expect(
            try await CredentialMoto.callerARN(at: endpoint, with: credentials)
                == "arn:aws:sts::123456789012:assumed-role/deployer/channelops-e2e"
        )
    }

    @Test(
        "AssumeRole is signed so that a signature-checking moto accepts it",
        .enabled(
            if: CredentialMoto.authURL != nil && CredentialMoto.authKeyID != nil && CredentialMoto.authSecret != nil,
            CredentialMoto.authUnavailable
        )
    )
    func assumeRoleSignedForRealVerifier() async throws {
        let endpoint = try #require(CredentialMoto.authURL)
        let environment = try CredentialMoto.profiles(
            baseKeyID: try #require(CredentialMoto.authKeyID),
            baseSecret: try #require(CredentialMoto.authSecret)
        )
        let services = CredentialServices(
            transport: try CurlTransport(),
            metadataTransport: CredentialScriptedTransport.refusing(),
            logger: .disabled
        )
        let resolved = try ResolvedAWSConfiguration.resolve(
            options: ConfigurationOptions(profile: "deployer", endpointURL: endpoint),
            environment: environment,
            services: services
        )
        #expect(try await resolved.credentialProvider.credentials().accessKeyID.hasPrefix("ASIA"))

        // The same call with a wrong secret is refused by the verifier, and the message says why.
        let wrong = try CredentialMoto.profiles(baseKeyID: try #require(CredentialMoto.authKeyID), baseSecret: "wrong")
        let refused = try ResolvedAWSConfiguration.resolve(
            options: ConfigurationOptions(profile: "deployer", endpointURL: endpoint),
            environment: wrong,
            services: services
        )
        let message = await CredentialFixture.errorText { _ = try await refused.credentialProvider.credentials() }
        #expect(
            message.hasPrefix("sts:AssumeRole of arn:aws:iam::123456789012:role/deployer failed: SignatureDoesNotMatch")
        )
        #expect(message.hasSuffix("; check the source credentials' access key and secret"))
        #expect(!message.contains("wrong"))
    }
}
