import ChannelLog
import Foundation
import IAMClient
import SigV4
import Testing

/// A Secrets Manager service over a scripted transport, with the fixed signing clock.
private func makeScriptedSecretsManager(
    _ transport: ScriptedTransport, sleeper: SleepRecorder = SleepRecorder()
) -> SecretsManagerService {
    let configuration = AWSClient.Configuration.secretsManager(
        region: "eu-west-1", endpoint: URL(string: "https://secretsmanager.scripted.test/"))
    let client = AWSClient(
        configuration: configuration, transport: transport, credentials: FixedCredentials(), sleep: sleeper.sleep,
        jitter: { 0.5 }, now: { Date(timeIntervalSince1970: 1_773_480_413) })
    return SecretsManagerService(client: client)
}

private func header(_ name: String, of request: HTTPRequest) -> String? {
    request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
}

private func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
}

@Suite("the Secrets Manager client on the JSON protocol")
struct SecretsManagerClientTests {
    static let notFound = ScriptedTransport.Step.respond(
        status: 400,
        body: #"{"__type": "com.amazonaws.secretsmanager#ResourceNotFoundException", "message": "no such secret"}"#,
        headers: [("x-amzn-RequestId", "req-404")])

    @Test("a write is a signed JSON 1.1 POST naming the action in X-Amz-Target")
    func requestShape() async throws {
        let transport = ScriptedTransport([
            .respond(status: 200, body: #"{"ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:bot-AbCd"}"#, headers: [])
        ])
        let arn = try await makeScriptedSecretsManager(transport).putSecretValue(
            secretID: "prod/bot", secretString: "{\"k\": \"v\"}", clientRequestToken: String(repeating: "t", count: 32))
        #expect(arn == "arn:aws:secretsmanager:eu-west-1:1:secret:bot-AbCd")
        let request = try #require(transport.sent.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://secretsmanager.scripted.test/")
        #expect(header("X-Amz-Target", of: request) == "secretsmanager.PutSecretValue")
        #expect(header("Content-Type", of: request) == "application/x-amz-json-1.1")
        let authorization = try #require(header("Authorization", of: request))
        #expect(authorization.contains("/20260314/eu-west-1/secretsmanager/aws4_request"))
        #expect(authorization.contains("x-amz-target"))
        let body = try #require(jsonObject(request.body))
        #expect(body["SecretId"] as? String == "prod/bot")
        #expect(body["SecretString"] as? String == "{\"k\": \"v\"}")
        #expect(body["ClientRequestToken"] as? String == String(repeating: "t", count: 32))
    }

    @Test("CreateSecret sends the tags as a list of Key and Value objects")
    func createTags() async throws {
        let transport = ScriptedTransport([.respond(status: 200, body: #"{"ARN": "arn:x", "Name": "n"}"#, headers: [])])
        _ = try await makeScriptedSecretsManager(transport).createSecret(
            name: "n", secretString: "s", clientRequestToken: String(repeating: "t", count: 32), description: "d",
            tags: [IAMTag(key: "channelops:managed-by", value: "default"), IAMTag(key: "channelops:channel", value: "c")])
        let request = try #require(transport.sent.first)
        let body = try #require(jsonObject(request.body))
        let tags = try #require(body["Tags"] as? [[String: String]])
        #expect(tags == [["Key": "channelops:managed-by", "Value": "default"], ["Key": "channelops:channel", "Value": "c"]])
        #expect(body["Description"] as? String == "d")
    }

    @Test("an error names the code after its namespace, the message, status and request id, and is not retried")
    func errorBody() async throws {
        let transport = ScriptedTransport([Self.notFound])
        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await makeScriptedSecretsManager(transport).describeSecretTags(secretID: "prod/bot")
            })
        #expect(transport.sent.count == 1)
        #expect(error.serviceCode?.code == "ResourceNotFoundException")
        #expect(
            error.description
                == "DescribeSecret secret=prod/bot: ResourceNotFoundException: no such secret (HTTP 400, request id "
                + "req-404)")
    }

    @Test("the error code is read from x-amzn-ErrorType when the body has none")
    func errorHeader() async throws {
        let transport = ScriptedTransport([
            .respond(
                status: 400, body: "{}",
                headers: [("x-amzn-ErrorType", "InvalidRequestException:http://internal.amazon.com/coral/")])
        ])
        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await makeScriptedSecretsManager(transport).getSecretValue(secretID: "x")
            })
        #expect(error.serviceCode?.code == "InvalidRequestException")
    }

    @Test("throttling is retried with the policy's backoff and counted per action")
    func throttled() async throws {
        let throttled = ScriptedTransport.Step.respond(
            status: 400, body: #"{"__type": "ThrottlingException", "Message": "Rate exceeded"}"#, headers: [])
        let transport = ScriptedTransport([throttled, .respond(status: 200, body: #"{"Tags": []}"#, headers: [])])
        let sleeper = SleepRecorder()
        let service = makeScriptedSecretsManager(transport, sleeper: sleeper)
        #expect(try await service.describeSecretTags(secretID: "x") == [])
        #expect(transport.sent.count == 2)
        #expect(sleeper.recorded == [.milliseconds(50)])
        #expect(service.client.counter.counts == APICallCounts(total: 2, byAction: ["DescribeSecret": 2], retries: 1))
    }

    @Test("a success without the expected field is an unreadable response, and the secret stays out of it")
    func missingField() async throws {
        let transport = ScriptedTransport([.respond(status: 200, body: "[1, 2]", headers: [])])
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETVALUE"
        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await makeScriptedSecretsManager(transport).putSecretValue(
                    secretID: "x", secretString: secret, clientRequestToken: String(repeating: "t", count: 32))
            })
        #expect(error.description.contains("unreadable response (HTTP 200"))
        #expect(!error.description.contains(secret))
    }
}

@Suite("Secrets Manager against the emulator, signatures checked", .serialized)
struct SecretsManagerEmulatorTests {
    static func service(credentials: AWSCredentials) throws -> SecretsManagerService {
        let configuration = AWSClient.Configuration.secretsManager(
            region: "us-east-1", endpoint: Emulator.authMotoURL,
            retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)))
        return SecretsManagerService(
            client: AWSClient(
                configuration: configuration, transport: try CurlTransport(options: .init()),
                credentials: FixedCredentials(credentials)))
    }

    @Test(
        "create with tags, read the tags, write a new value, read it back",
        .enabled(if: Emulator.isAuthAvailable, Emulator.unavailableReason))
    func lifecycle() async throws {
        let service = try Self.service(credentials: try #require(Emulator.authCredentials))
        let name = "channelops-test/\(Emulator.uniqueName("secret"))"
        let tags = [IAMTag(key: "channelops:managed-by", value: "test"), IAMTag(key: "team", value: "a b")]
        let arn = try await service.createSecret(
            name: name, secretString: "first", clientRequestToken: "channelops-test-0000000000000000001",
            description: "made by a test", tags: tags)
        #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
        #expect(try await service.describeSecretTags(secretID: name) == tags)
        #expect(try await service.getSecretValue(secretID: name) == "first")

        let second = try await service.putSecretValue(
            secretID: name, secretString: "second \"quoted\" ✓", clientRequestToken: "channelops-test-0000000000000000002")
        #expect(second == arn)
        #expect(try await service.getSecretValue(secretID: name) == "second \"quoted\" ✓")

        let missing = await #expect(throws: IAMError.self) {
            try await service.describeSecretTags(secretID: name + "-absent")
        }
        #expect(missing?.serviceCode?.code == "ResourceNotFoundException")
    }

    @Test(
        "a wrong secret key is refused and writes nothing",
        .enabled(if: Emulator.isAuthAvailable, Emulator.unavailableReason))
    func wrongSecret() async throws {
        let good = try #require(Emulator.authCredentials)
        let bad = AWSCredentials(accessKeyID: good.accessKeyID, secretAccessKey: "wrong-\(good.accessKeyID)")
        let name = "channelops-test/\(Emulator.uniqueName("secret"))"
        let error = try #require(
            await #expect(throws: IAMError.self) {
                _ = try await Self.service(credentials: bad).createSecret(
                    name: name, secretString: "s", clientRequestToken: "channelops-test-0000000000000000003",
                    description: "", tags: [])
            })
        #expect(error.serviceCode == .signatureDoesNotMatch || error.serviceCode == .invalidClientTokenId)
        #expect(!error.description.contains(bad.secretAccessKey))
        let lookup = await #expect(throws: IAMError.self) {
            try await Self.service(credentials: good).describeSecretTags(secretID: name)
        }
        #expect(lookup?.serviceCode?.code == "ResourceNotFoundException")
    }
}
