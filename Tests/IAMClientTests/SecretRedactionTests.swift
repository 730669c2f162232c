import ChannelLog
import IAMClient
import SigV4
import Testing

@Suite("no secret reaches a log line, an error message or a description")
struct SecretRedactionTests {
    static let signing = AWSCredentials(
        accessKeyID: "AKIDPLANTED", secretAccessKey: "planted-signing-secret-4f9c",
        sessionToken: "planted-session-token-77ab")

    @Test("logs, errors and descriptions of a whole session hold neither key secret nor token nor signature")
    func plantedSecrets() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "iam", level: .trace, handler: handler)
        let transport = ScriptedTransport([
            .fixture("Error-Throttling.xml", status: 400), .fixture("CreateAccessKey.xml"),
            .fixture("Error-NoSuchEntity.xml", status: 404), .fail(.connectionReset),
        ])
        let client = AWSClient(
            configuration: .iam(endpoint: makeScriptedIAM(transport).client.configuration.endpoint),
            transport: transport, credentials: FixedCredentials(Self.signing), logger: logger,
            sleep: SleepRecorder().sleep)
        let iam = IAMService(client: client)

        // A retried create returns the key's secret; a failed call and an unknown outcome make errors.
        let key = try await iam.createAccessKey(user: "support-web-widget")
        let accessKeySecret = key.secretAccessKey
        #expect(accessKeySecret == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
        var texts = [String(describing: key), String(reflecting: key), handler.text]
        var dumped = ""
        dump(key, to: &dumped)
        texts.append(dumped)
        for call in [{ try await iam.getUser(name: "bob") }, { try await iam.createAccessKey(user: "x") }]
            as [() async throws -> Any]
        {
            do {
                _ = try await call()
                Issue.record("the call was scripted to fail")
            } catch {
                texts += [String(describing: error), String(reflecting: error)]
            }
        }
        texts.append(handler.text)
        texts.append(String(describing: Self.signing))

        // The signature actually sent is secret-equivalent too.
        let signatures = transport.sent.compactMap { request in
            request.headers.first { $0.name.lowercased() == "authorization" }?.value
                .components(separatedBy: "Signature=").last
        }
        #expect(signatures.count == 4)
        #expect(
            transport.sent.allSatisfy { request in
                request.headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == Self.signing.sessionToken }
            })
        #expect(handler.all.count >= 5)
        for text in texts {
            for secret in [accessKeySecret, Self.signing.secretAccessKey, "planted-session-token-77ab"] + signatures {
                #expect(!text.contains(secret), "a secret leaked into: \(text.prefix(200))")
            }
        }
    }

    @Test("a created access key describes itself without its secret")
    func createdKeyDescription() throws {
        let key = CreatedAccessKey(
            metadata: AccessKeyMetadata(
                userName: "alice", accessKeyID: "AKIAEXAMPLE", status: .active, createDate: utc(2026, 1, 1)),
            secretAccessKey: "top-secret")
        #expect(
            key.description
                == "CreatedAccessKey(user: alice, accessKeyID: AKIAEXAMPLE, status: Active, "
                + "secretAccessKey: <redacted>)"
        )
        #expect(String(reflecting: key) == key.description)
        #expect(!"\(key)".contains("top-secret"))
    }
}
