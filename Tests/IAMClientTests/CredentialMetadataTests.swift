import Foundation
import SigV4
import Testing

@testable import IAMClient

@Suite("Instance metadata and container credentials")
struct CredentialMetadataTests {
    static let document = """
        {"Code": "Success", "LastUpdated": "2026-01-01T00:00:00Z", "Type": "AWS-HMAC",
         "AccessKeyId": "ASIAMETA", "SecretAccessKey": "meta-secret", "Token": "meta-token",
         "Expiration": "2026-01-01T06:00:00Z"}
        """

    /// An instance metadata service with role `web-role`.
    static func metadataService() -> CredentialScriptedTransport {
        CredentialScriptedTransport { request throws(TransportError) in
            let base = "http://169.254.169.254"
            switch (
                request.method,
                request.url.absoluteString.replacingOccurrences(of: "127.0.0.1:1338", with: "169.254.169.254")
            ) {
            case ("PUT", base + "/latest/api/token"):
                return .text(200, "imds-session-token\n")
            case ("GET", base + "/latest/meta-data/iam/security-credentials/"):
                return request.header("X-aws-ec2-metadata-token") == "imds-session-token"
                    ? .text(200, "web-role\n") : .text(401, "")
            case ("GET", base + "/latest/meta-data/iam/security-credentials/web-role"):
                return .text(200, Self.document)
            default:
                return .text(404, "")
            }
        }
    }

    @Test("IMDSv2 gets a session token, then the role name, then the role's credentials")
    func instanceMetadataFlow() async throws {
        let transport = Self.metadataService()
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment(),
            services: CredentialFixture.services(metadataTransport: transport)
        )

        let credentials = try await resolved.credentialProvider.credentials()

        #expect(
            credentials
                == AWSCredentials(accessKeyID: "ASIAMETA", secretAccessKey: "meta-secret", sessionToken: "meta-token")
        )
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.url.absoluteString)" } == [
                "PUT http://169.254.169.254/latest/api/token",
                "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/web-role",
            ]
        )
        #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[2].header("X-aws-ec2-metadata-token") == "imds-session-token")
    }

    @Test("once instance metadata has delivered, a later failure is reported as its own, not as no credentials")
    func laterMetadataFailure() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let healthy = TokenBox("yes")
        let service = Self.metadataService()
        let transport = CredentialScriptedTransport { request throws(TransportError) in
            guard healthy.value == "yes" else {
                return .text(500, "")
            }
            return try await service.send(request)
        }
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment(),
            services: CredentialFixture.services(metadataTransport: transport, clock: clock.read)
        )
        _ = try await resolved.credentialProvider.credentials()

        healthy.value = "no"
        clock.advance(by: 6 * 3600)
        let message = await CredentialFixture.errorText { _ = try await resolved.credentialProvider.credentials() }
        #expect(message == "instance metadata: HTTP 500 to the session token request")
    }

    @Test("AWS_EC2_METADATA_SERVICE_ENDPOINT moves the metadata service")
    func metadataEndpointOverride() async throws {
        let transport = Self.metadataService()
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338"]),
            services: CredentialFixture.services(metadataTransport: transport)
        )
        _ = try await resolved.credentialProvider.credentials()
        #expect(await transport.requests.first?.url.absoluteString == "http://127.0.0.1:1338/latest/api/token")
    }

    @Test(
        "a metadata answer that is not a credential document is named without its values",
        arguments: [
            ("{\"Code\": \"Failure\"}", "the answer's Code is 'Failure', not 'Success'"),
            ("{\"AccessKeyId\": \"ASIAMETA\", \"SecretAccessKey\": \"meta-secret\"}", "the answer has no Token string"),
            ("[1, 2]", "the answer is not a JSON object"),
            (
                "{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", \"Token\": \"T\", \"Expiration\": \"soon\"}",
                "Expiration 'soon' is not an ISO 8601 time"
            ),
        ]
    )
    func badDocument(body: String, problem: String) async throws {
        let transport = CredentialScriptedTransport { request throws(TransportError) in
            if request.method == "PUT" {
                return .text(200, "t")
            }
            return request.url.absoluteString.hasSuffix("/") ? .text(200, "r") : .text(200, body)
        }
        let source = InstanceMetadataCredentialSource(
            endpoint: try #require(URL(string: "http://169.254.169.254")),
            transport: transport,
            timeout: .seconds(1)
        )
        let message = await CredentialFixture.errorText { _ = try await source.fetchCredentials() }
        #expect(message == "instance metadata: the credentials of role 'r': \(problem)")
        #expect(!message.contains("meta-secret"))
    }

    @Test("the container endpoint is called with the token from the file, read again on each fetch")
    func containerFlow() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let token = TokenBox("pod-token-1\n")
        let transport = CredentialScriptedTransport { request throws(TransportError) in
            .text(200, Self.document.replacingOccurrences(of: "2026-01-01T06:00:00Z", with: "2026-01-01T00:10:00Z"))
        }
        let environment = ConfigurationEnvironment(
            variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-named",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/pod-identity/token",
            ],
            homeDirectory: CredentialFixture.home
        ) { path throws(ConfigurationError) in
            path == "/var/run/pod-identity/token" ? token.value : nil
        }
        let resolved = try CredentialFixture.resolve(
            environment,
            services: CredentialFixture.services(metadataTransport: transport, clock: clock.read)
        )
        #expect(resolved.credentialSource == "container credentials at http://169.254.170.23/v1/credentials")

        #expect(try await resolved.credentialProvider.credentials().accessKeyID == "ASIAMETA")
        token.value = "pod-token-2"
        clock.advance(by: 300)
        _ = try await resolved.credentialProvider.credentials()

        let requests = await transport.requests
        #expect(
            requests.map(\.url.absoluteString) == Array(repeating: "http://169.254.170.23/v1/credentials", count: 2))
        #expect(requests.map { $0.header("Authorization") } == ["pod-token-1", "pod-token-2"])
    }

    @Test("the container token from the variable is sent when no file is named")
    func containerTokenFromVariable() async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in .text(200, Self.document) }
        let resolved = try CredentialFixture.resolve(
            CredentialFixture.environment([
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ecs-token",
            ]),
            services: CredentialFixture.services(metadataTransport: transport)
        )
        _ = try await resolved.credentialProvider.credentials()
        let request = try #require(await transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url.absoluteString == "http://169.254.170.2/v2/credentials/task-1")
        #expect(request.header("Authorization") == "ecs-token")
    }

    @Test(
        "a container endpoint failure names the URL and what went wrong",
        arguments: [
            ("status", "container credentials at http://169.254.170.2/v2/c: HTTP 500"),
            ("silent", "container credentials at http://169.254.170.2/v2/c: no answer within 0.05s"),
            (
                "refused",
                "container credentials at http://169.254.170.2/v2/c: no answer from 169.254.170.2: connection refused"
            ),
            (
                "newline",
                "container credentials at http://169.254.170.2/v2/c: the authorization token contains a line "
                    + "break; fix the token's source"
            ),
        ]
    )
    func containerFailure(kind: String, message: String) async throws {
        let transport: CredentialScriptedTransport
        switch kind {
        case "status": transport = CredentialScriptedTransport { _ throws(TransportError) in .text(500, "{}") }
        case "silent": transport = .silent()
        default: transport = .refusing()
        }
        let source = ContainerCredentialSource(
            url: try #require(URL(string: "http://169.254.170.2/v2/c")),
            authorizationToken: kind == "newline" ? "token\r\nX-Injected: 1" : nil,
            authorizationTokenFile: nil,
            readFile: { _ throws(ConfigurationError) in nil },
            transport: transport,
            timeout: .milliseconds(50)
        )
        let text = await CredentialFixture.errorText { _ = try await source.fetchCredentials() }
        #expect(text == message)
    }

    @Test("a role list that holds no role name is refused without being echoed")
    func oddRoleName() async throws {
        let transport = CredentialScriptedTransport { request throws(TransportError) in
            request.method == "PUT" ? .text(200, "t") : .text(200, "{\"SecretAccessKey\": \"meta-secret\"}")
        }
        let source = InstanceMetadataCredentialSource(
            endpoint: try #require(URL(string: "http://169.254.169.254")),
            transport: transport,
            timeout: .seconds(1)
        )
        let message = await CredentialFixture.errorText { _ = try await source.fetchCredentials() }
        #expect(message == "instance metadata: the role name request answered something that is not an IAM role name")
    }

    @Test("a silent metadata service is given up on at the deadline, not at the transport's timeout")
    func metadataDeadline() async throws {
        let silence = Duration.seconds(300)
        let source = InstanceMetadataCredentialSource(
            endpoint: try #require(URL(string: "http://169.254.169.254")),
            transport: CredentialScriptedTransport.silent(for: silence),
            timeout: .milliseconds(100)
        )
        let started = ContinuousClock.now
        let text = await CredentialFixture.errorText { _ = try await source.fetchCredentials() }
        #expect(text == "instance metadata: no answer from http://169.254.169.254 within 0.1s")
        // Compared with the transport's silence, not with a few seconds, so that a loaded machine
        // cannot fail it: without the deadline the fetch would last the whole silence.
        #expect(ContinuousClock.now - started < silence / 2)
    }
}
