import Foundation
import SigV4
import Testing

@testable import IAMClient

@Suite("STS role assumption over HTTP")
struct CredentialSTSTests {
    static let endpoint = URL(string: "https://sts.eu-west-1.amazonaws.com")

    static func assumeRoleAnswer(_ action: String, expiration: String) -> String {
        """
        <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <\(action)Result>
            <Credentials>
              <AccessKeyId>ASIAASSUMED</AccessKeyId>
              <SecretAccessKey>assumed/secret+key</SecretAccessKey>
              <SessionToken>assumed-session-token</SessionToken>
              <Expiration>\(expiration)</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/deployer/run</Arn>
            </AssumedRoleUser>
          </\(action)Result>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </\(action)Response>
        """
    }

    static func assumer(_ transport: CredentialScriptedTransport) throws -> STSRoleAssumer {
        STSRoleAssumer(
            endpoint: try #require(endpoint),
            region: "eu-west-1",
            transport: transport,
            signer: CredentialFixture.markingSigner,
            clock: { CredentialFixture.start }
        )
    }

    @Test("AssumeRole posts a form body signed for sts in the region with the source credentials")
    func assumeRoleRequest() async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in
            .text(200, Self.assumeRoleAnswer("AssumeRole", expiration: "2026-01-01T01:00:00.123456Z"))
        }
        let request = AssumeRoleRequest(
            roleARN: "arn:aws:iam::123456789012:role/deployer",
            sessionName: "run 1",
            externalID: "ext/id=7",
            durationSeconds: 900
        )

        let result = try await Self.assumer(transport).assumeRole(
            request,
            using: AWSCredentials(accessKeyID: "AKIDBASE", secretAccessKey: "base-secret")
        )

        let sent = try #require(await transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url.absoluteString == "https://sts.eu-west-1.amazonaws.com")
        #expect(
            sent.bodyText
                == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeployer"
                + "&RoleSessionName=run%201&ExternalId=ext%2Fid%3D7&DurationSeconds=900"
        )
        #expect(sent.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(sent.header("Authorization") == "test-signature AKIDBASE/eu-west-1/sts at 1767225600")
        #expect(
            result.credentials
                == AWSCredentials(
                    accessKeyID: "ASIAASSUMED",
                    secretAccessKey: "assumed/secret+key",
                    sessionToken: "assumed-session-token"
                )
        )
        #expect(result.expiration.timeIntervalSince1970 == 1_767_229_200.123456)
    }

    @Test("the SigV4 signing function adds the signer's headers and replaces stale ones")
    func sigV4Signing() throws {
        let url = try #require(URL(string: "https://sts.eu-west-1.amazonaws.com/"))
        let body = Array("Action=AssumeRole&Version=2011-06-15".utf8)
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token")
        let request = HTTPRequest(
            method: "POST",
            url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "stale")],
            body: body
        )

        let signed = try STSRoleAssumer.sigV4Signing(request, credentials, "eu-west-1", "sts", CredentialFixture.start)

        let expected = try SigV4Signer(credentials: credentials, region: "eu-west-1", service: "sts").signingHeaders(
            method: "POST",
            url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            payload: .bytes(body),
            date: CredentialFixture.start
        )
        #expect(
            signed.headers.map(\.name) == [
                "Content-Type", "Host", "X-Amz-Date", "X-Amz-Security-Token", "Authorization",
            ])
        #expect(signed.headers.dropFirst().map(\.value) == expected.map(\.value))
        #expect(
            signed.header("Authorization")?.contains("Credential=AKIDEXAMPLE/20260101/eu-west-1/sts/aws4_request")
                == true)
    }

    @Test("AssumeRoleWithWebIdentity is not signed and carries the token")
    func webIdentityRequest() async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in
            .text(200, Self.assumeRoleAnswer("AssumeRoleWithWebIdentity", expiration: "2026-01-01T01:00:00Z"))
        }
        let result = try await Self.assumer(transport).assumeRoleWithWebIdentity(
            AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/ci", sessionName: "ci"),
            token: "eyJ.token"
        )

        let sent = try #require(await transport.requests.first)
        #expect(sent.header("Authorization") == nil)
        #expect(
            sent.bodyText
                == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=ci&WebIdentityToken=eyJ.token"
        )
        #expect(result.credentials.accessKeyID == "ASIAASSUMED")
        #expect(result.expiration == CredentialFixture.start.addingTimeInterval(3600))
    }

    static let failureCases: [(response: HTTPResponse, message: String)] = [
        (
            HTTPResponse.text(
                403,
                """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>AccessDenied</Code>
                  <Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole</Message>
                  </Error>
                  <RequestId>req-403</RequestId>
                </ErrorResponse>
                """
            ),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer failed: AccessDenied: User: "
                + "arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole "
                + "(HTTP 403, request id req-403); check that the role's trust policy allows the source "
                + "identity to assume it"
        ),
        (
            HTTPResponse.text(
                403,
                "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included "
                    + "in the request is invalid.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>"
            ),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer failed: InvalidClientTokenId: The "
                + "security token included in the request is invalid. (HTTP 403, request id req-2); check the "
                + "source credentials' access key and secret"
        ),
        (
            HTTPResponse(
                status: 403,
                headers: [(name: "x-amzn-RequestId", value: "req-moto")],
                body: Array(
                    ("<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request "
                        + "signature we calculated does not match.</Message></Error></Errors></ErrorResponse>").utf8
                )
            ),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer failed: SignatureDoesNotMatch: The request "
                + "signature we calculated does not match. (HTTP 403, request id req-moto); check the source "
                + "credentials' access key and secret"
        ),
        (
            HTTPResponse(
                status: 503, headers: [(name: "x-amzn-RequestId", value: "req-503")], body: Array("busy".utf8)),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer failed: the answer is not an STS error "
                + "document (HTTP 503, request id req-503)"
        ),
        (
            HTTPResponse.text(200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>"),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer: the answer has no "
                + "AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId element"
        ),
        (
            HTTPResponse.text(200, "not xml at all <"),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer: the answer is not well-formed XML"
        ),
        (
            HTTPResponse.text(200, Self.assumeRoleAnswer("AssumeRole", expiration: "tomorrow")),
            "sts:AssumeRole of arn:aws:iam::123456789012:role/deployer: Expiration 'tomorrow' is not an "
                + "ISO 8601 time"
        ),
    ]

    @Test(
        "a refusal or an odd answer becomes an error naming the action, role, code and request id",
        arguments: failureCases
    )
    func stsFailure(response: HTTPResponse, message: String) async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in response }
        let assumer = try Self.assumer(transport)
        let text = await CredentialFixture.errorText {
            _ = try await assumer.assumeRole(
                AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/deployer", sessionName: "s"),
                using: AWSCredentials(accessKeyID: "AKIDBASE", secretAccessKey: "base-secret")
            )
        }
        #expect(text == message)
    }

    @Test("a request that gets no response names the role and the endpoint")
    func transportFailure() async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in
            throw TransportError(
                kind: .connect, endpoint: "sts.eu-west-1.amazonaws.com:443", message: "connection refused")
        }
        let assumer = try Self.assumer(transport)
        let text = await CredentialFixture.errorText {
            _ = try await assumer.assumeRoleWithWebIdentity(
                AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/ci", sessionName: "s"),
                token: "token"
            )
        }
        #expect(
            text
                == "sts:AssumeRoleWithWebIdentity of arn:aws:iam::123456789012:role/ci: no response from "
                + "sts.eu-west-1.amazonaws.com:443: connection refused"
        )
    }

    @Test("a profile's role is assumed through the configured STS endpoint and cached")
    func profileRoleThroughSTS() async throws {
        let transport = CredentialScriptedTransport { _ throws(TransportError) in
            .text(200, Self.assumeRoleAnswer("AssumeRole", expiration: "2026-01-01T01:00:00Z"))
        }
        let environment = CredentialFixture.environment(
            ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_REGION": "eu-west-1"],
            config: "[profile deployer]\nrole_arn = arn:aws:iam::123456789012:role/deployer\nsource_profile = base\n",
            credentials: "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"
        )
        let resolved = try CredentialFixture.resolve(
            environment,
            options: ConfigurationOptions(profile: "deployer"),
            services: CredentialFixture.services(transport: transport)
        )

        #expect(try await resolved.credentialProvider.credentials().accessKeyID == "ASIAASSUMED")
        #expect(try await resolved.credentialProvider.credentials().accessKeyID == "ASIAASSUMED")

        let requests = await transport.requests
        #expect(requests.count == 1)
        #expect(requests.first?.url.absoluteString == "http://127.0.0.1:5000")
        #expect(requests.first?.header("Authorization") == "test-signature AKIDBASE/eu-west-1/sts at 1767225600")
    }
}
