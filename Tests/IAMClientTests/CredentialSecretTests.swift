import ChannelLog
import Foundation
import SigV4
import Testing

@testable import IAMClient

@Suite("No secret in any message")
struct CredentialSecretTests {
    static let secret = "PLANTED-SECRET-4f9c2e"

    /// Every text a user or a log could see on the paths that handle a planted secret.
    static func visibleTexts() async throws -> [String] {
        var texts: [String] = []

        // Configuration errors around secrets: half key pairs, malformed lines holding a secret.
        let brokenInputs: [(variables: [String: String], config: String?, credentials: String?)] = [
            (["AWS_SECRET_ACCESS_KEY": secret], nil, nil),
            ([:], nil, "[default]\naws_secret_access_key = \(secret)\n"),
            ([:], nil, "[default]\naws_access_key_id = AKID\naws_secret_access_key \(secret)\n"),
            ([:], "\(secret)\n", nil),
            ([:], "[default]\n[\(secret)\n", nil),
            (
                ["AWS_PROFILE": "x"], "[profile x]\nregion = eu-west-1\n",
                "[x]\nmfa_serial = m\nrole_arn = r\naws_session_token = \(secret)\n"
            ),
        ]
        for input in brokenInputs {
            texts.append(
                CredentialFixture.configurationErrorText { () throws(ConfigurationError) in
                    _ = try CredentialFixture.resolve(
                        CredentialFixture.environment(
                            input.variables, config: input.config, credentials: input.credentials)
                    )
                }
            )
        }

        // A working static source: its description, the configuration and the credential value.
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment(
                ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": secret]
            )
        )
        let credentials = try await resolved.credentialProvider.credentials()
        texts += [
            resolved.credentialSource, resolved.configuration.description, String(describing: resolved),
            String(reflecting: resolved), String(describing: credentials), String(reflecting: credentials),
        ]

        texts += try await stsTexts()
        texts += try await metadataTexts()
        return texts
    }

    /// STS answers and failures when the source secret, the web identity token and the answer's
    /// secrets are all the planted one.
    static func stsTexts() async throws -> [String] {
        var texts: [String] = []
        let answer = """
            <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
            <AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey>
            <SessionToken>\(secret)</SessionToken><Expiration>2026-01-01T01:00:00Z</Expiration>
            </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
            """
        let bodies: [HTTPResponse] = [
            .text(200, answer),
            .text(
                200,
                answer.replacingOccurrences(of: "<SessionToken>", with: "<Other>")
                    .replacingOccurrences(of: "</SessionToken>", with: "</Other>")),
            .text(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code></Error></ErrorResponse>"),
            .text(500, "\(secret) in a broken body"),
        ]
        for body in bodies {
            let transport = CredentialScriptedTransport { _ throws(TransportError) in body }
            let environment = ConfigurationEnvironment(
                variables: ["AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci", "AWS_WEB_IDENTITY_TOKEN_FILE": "/t"],
                homeDirectory: CredentialFixture.home
            ) { path throws(ConfigurationError) in path == "/t" ? secret : nil }
            let resolved = try CredentialFixture.resolve(
                environment,
                services: CredentialFixture.services(transport: transport)
            )
            texts.append(resolved.credentialSource)
            texts.append(await CredentialFixture.errorText { _ = try await resolved.credentialProvider.credentials() })
            let temporary = try? await STSRoleAssumer(
                endpoint: try #require(URL(string: "https://sts.us-east-1.amazonaws.com")),
                region: "us-east-1",
                transport: transport,
                signer: CredentialFixture.markingSigner,
                clock: { CredentialFixture.start }
            ).assumeRoleWithWebIdentity(AssumeRoleRequest(roleARN: "arn:r", sessionName: "s"), token: secret)
            texts.append(String(describing: temporary))
        }
        return texts
    }

    /// Container failures with a planted token, and the warning of a failed refresh.
    static func metadataTexts() async throws -> [String] {
        var texts: [String] = []
        for status in [200, 403] {
            let transport = CredentialScriptedTransport { _ throws(TransportError) in
                .text(status, "{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\(secret)\", \"Token\": \"\(secret)\"}")
            }
            let source = ContainerCredentialSource(
                url: try #require(URL(string: "http://169.254.170.2/v2/c")),
                authorizationToken: secret,
                authorizationTokenFile: nil,
                readFile: { _ throws(ConfigurationError) in nil },
                transport: transport,
                timeout: .seconds(1)
            )
            texts.append(await CredentialFixture.errorText { _ = try await source.fetchCredentials() })
        }

        let capture = CredentialLogCapture()
        let clock = CredentialTestClock(CredentialFixture.start)
        let failing = CredentialCountingSource(lifetime: 3600, clock: clock.read)
        let provider = CachingCredentialProvider(
            source: failing,
            sourceName: "test",
            clock: clock.read,
            logger: Logger(label: "t", level: .trace, handler: capture)
        )
        _ = try await provider.credentials()
        await failing.fail(with: .unexpectedResponse(source: "test", problem: "odd answer"))
        clock.advance(by: 3400)
        _ = try await provider.credentials()
        texts.append(capture.text)
        return texts
    }

    @Test("a planted secret appears in no error, description or log line")
    func plantedSecretNeverShown() async throws {
        let texts = try await Self.visibleTexts()
        #expect(texts.count == 27)
        for text in texts {
            #expect(!text.contains(Self.secret), "leaked in: \(text)")
        }
    }
}
