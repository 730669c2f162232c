import ChannelLog
import IAMClient
import Testing

@Suite("retries, unknown outcomes and request counting in the Query client")
struct QueryClientRetryTests {
    static let throttled = ScriptedTransport.Step.fixture("Error-Throttling.xml", status: 400)

    @Test("two throttled answers then success: three attempts, two waits from the policy")
    func throttledThenSuccess() async throws {
        let transport = ScriptedTransport([Self.throttled, Self.throttled, .fixture("GetUser-moto.xml")])
        let sleeper = SleepRecorder()
        let iam = makeScriptedIAM(transport, sleeper: sleeper)
        let user = try await iam.getUser(name: "alice")
        #expect(user.userName == "alice")
        #expect(transport.sent.count == 3)
        #expect(sleeper.recorded == [.milliseconds(50), .milliseconds(100)])
        #expect(iam.apiCalls == APICallCounts(total: 3, byAction: ["GetUser": 3], retries: 2))
    }

    @Test("throttled past the limit gives up with the last error and the attempt count")
    func throttledPastLimit() async throws {
        let transport = ScriptedTransport([
            Self.throttled, Self.throttled, Self.throttled, .fixture("GetUser-moto.xml"),
        ])
        let iam = makeScriptedIAM(transport)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "alice") })
        #expect(transport.sent.count == 3)
        #expect(error.isRetryExhausted)
        #expect(
            error.description
                == "GetUser user=alice: Throttling: Rate exceeded (HTTP 400, request id "
                + "9f8e7d6c-0000-0000-0000-000000000015); gave up after 3 attempts")
    }

    @Test("the attempt limit is taken from the configuration")
    func configuredAttempts() async throws {
        let transport = ScriptedTransport(Array(repeating: .fail(.connect), count: 5))
        let iam = makeScriptedIAM(transport, maxAttempts: 5)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.listUsers() })
        #expect(transport.sent.count == 5)
        #expect(
            error.description
                == "ListUsers path=/: no response from scripted.test:443: scripted connect; gave up after 5 attempts")
    }

    @Test("a non-retryable error is reported at once")
    func notRetryable() async throws {
        let transport = ScriptedTransport([.fixture("Error-NoSuchEntity.xml", status: 404)])
        let iam = makeScriptedIAM(transport)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "bob") })
        #expect(transport.sent.count == 1)
        #expect(!error.isRetryExhausted)
        #expect(error.serviceCode == .noSuchEntity)
    }

    @Test("Retry-After from the server sets the wait")
    func retryAfter() async throws {
        let transport = ScriptedTransport([
            .respond(status: 503, body: Fixtures.text("Error-Throttling.xml"), headers: [("Retry-After", "2")]),
            .fixture("GetUser-moto.xml"),
        ])
        let sleeper = SleepRecorder()
        _ = try await makeScriptedIAM(transport, sleeper: sleeper).getUser(name: "alice")
        #expect(sleeper.recorded == [.seconds(2)])
    }

    @Test("an HTML 500 page is retried and, past the limit, reported as unreadable")
    func htmlServerError() async throws {
        let page = ScriptedTransport.Step.respond(status: 500, body: "<!doctype html><p>oops", headers: [])
        let transport = ScriptedTransport([page, page, page])
        let error = try #require(
            await #expect(throws: IAMError.self) { try await makeScriptedIAM(transport).getUser(name: "alice") })
        #expect(transport.sent.count == 3)
        #expect(
            error.description
                == "GetUser user=alice: unreadable response (HTTP 500, no request id): the body is not an AWS error "
                + "response (invalid XML at byte 0: markup declarations are not accepted); gave up after 3 attempts")
    }

    @Test("CreateUser: a dropped connection, then EntityAlreadyExists for the same user, is success")
    func createUserAfterUnknownOutcome() async throws {
        let transport = ScriptedTransport([
            .fail(.connectionReset), .fixture("Error-EntityAlreadyExists-moto.xml", status: 409),
            .fixture("GetUser-moto.xml"),
        ])
        let iam = makeScriptedIAM(transport)
        let user = try await iam.createUser(name: "alice", path: "/channelops/", tags: [IAMTag(key: "k", value: "v&x")])
        #expect(user.arn == "arn:aws:iam::123456789012:user/channelops/alice")
        #expect(transport.sentParameters.map { $0["Action"] } == ["CreateUser", "CreateUser", "GetUser"])
    }

    @Test("CreateUser: after a dropped connection, a different existing user keeps EntityAlreadyExists")
    func createUserConflictAfterUnknownOutcome() async throws {
        let transport = ScriptedTransport([
            .fail(.timeout), .fixture("Error-EntityAlreadyExists-moto.xml", status: 409), .fixture("GetUser-moto.xml"),
        ])
        let iam = makeScriptedIAM(transport)
        let error = try #require(
            await #expect(throws: IAMError.self) { try await iam.createUser(name: "alice", path: "/other/") })
        #expect(error.serviceCode == .entityAlreadyExists)
        #expect(
            error.description
                == "CreateUser user=alice: EntityAlreadyExists: User alice already exists (HTTP 409, request id "
                + "hbNnYvibdKkdNVyYajbddy62T2fN6T806U6Geu0gVVfMAWUzfLrP); an earlier attempt failed after it was "
                + "sent, so AWS may have applied that one")
    }

    @Test("CreateUser: EntityAlreadyExists without an earlier dropped connection is not checked")
    func createUserPlainConflict() async throws {
        let transport = ScriptedTransport([.fixture("Error-EntityAlreadyExists-moto.xml", status: 409)])
        let error = try #require(
            await #expect(throws: IAMError.self) { try await makeScriptedIAM(transport).createUser(name: "alice") })
        #expect(transport.sent.count == 1)
        #expect(
            error.description
                == "CreateUser user=alice: EntityAlreadyExists: User alice already exists (HTTP 409, request id "
                + "hbNnYvibdKkdNVyYajbddy62T2fN6T806U6Geu0gVVfMAWUzfLrP)")
    }

    static let supportBotDocument = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "SendText", "Effect": "Allow", "Action": ["lex:PostText"],
         "Resource": "arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"}]}
        """

    static let policyLookup: [ScriptedTransport.Step] = [
        .fail(.connectionReset), .fixture("Error-PolicyAlreadyExists.xml", status: 409), .fixture("ListPolicies.xml"),
        .fixture("GetPolicy.xml"), .fixture("ListPolicyTags.xml"), .fixture("GetPolicyVersion.xml"),
    ]

    @Test("CreatePolicy: a dropped connection, then EntityAlreadyExists for the same policy, is success")
    func createPolicyAfterUnknownOutcome() async throws {
        let transport = ScriptedTransport(Self.policyLookup)
        let policy = try await makeScriptedIAM(transport).createPolicy(
            name: "channelops-support-bot", path: "/channelops/", document: Self.supportBotDocument,
            description: "Customer support bot on Amazon Lex",
            tags: [IAMTag(key: "channelops:managed-by", value: "default")])
        #expect(policy.arn == "arn:aws:iam::123456789012:policy/channelops/channelops-support-bot")
        #expect(
            transport.sentParameters.map { $0["Action"] } == [
                "CreatePolicy", "CreatePolicy", "ListPolicies", "GetPolicy", "ListPolicyTags", "GetPolicyVersion",
            ])
    }

    @Test("CreatePolicy: after a dropped connection, a policy with another document keeps EntityAlreadyExists")
    func createPolicyConflictAfterUnknownOutcome() async throws {
        let transport = ScriptedTransport(Self.policyLookup)
        let error = try #require(
            await #expect(throws: IAMError.self) {
                try await makeScriptedIAM(transport).createPolicy(
                    name: "channelops-support-bot", path: "/channelops/", document: #"{"Version":"2012-10-17"}"#,
                    description: "Customer support bot on Amazon Lex",
                    tags: [IAMTag(key: "channelops:managed-by", value: "default")])
            })
        #expect(error.serviceCode == .entityAlreadyExists)
        #expect(error.followedUnknownOutcome)
        #expect(transport.sent.count == 6)
    }

    @Test("CreateAccessKey is never repeated after a dropped connection")
    func createAccessKeyOutcomeUnknown() async throws {
        let transport = ScriptedTransport([.fail(.connectionReset), .fixture("CreateAccessKey.xml")])
        let error = try #require(
            await #expect(throws: IAMError.self) { try await makeScriptedIAM(transport).createAccessKey(user: "alice") }
        )
        #expect(transport.sent.count == 1)
        #expect(error.isOutcomeUnknown)
        #expect(
            error.description
                == "CreateAccessKey user=alice: outcome unknown: the connection to scripted.test:443 failed after the "
                + "request was sent (scripted connectionReset), so AWS may have applied it; list the user's access "
                + "keys and delete any key whose secret you do not hold, then run again")
    }

    @Test("CreateAccessKey is retried when the connection was refused, since nothing was sent")
    func createAccessKeyRefused() async throws {
        let transport = ScriptedTransport([.fail(.connect), .fixture("CreateAccessKey.xml")])
        let key = try await makeScriptedIAM(transport).createAccessKey(user: "alice")
        #expect(key.metadata.accessKeyID == "AKIAIOSFODNN7EXAMPLE")
        #expect(transport.sent.count == 2)
    }

    @Test("CreatePolicyVersion after a dropped connection takes the new version when it is there")
    func createPolicyVersionFound() async throws {
        let document =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
        let versions = """
            <ListPolicyVersionsResponse><ListPolicyVersionsResult><Versions>
            <member><Document>%7B%22Version%22%3A%222012-10-17%22%7D</Document><VersionId>v1</VersionId>
            <IsDefaultVersion>false</IsDefaultVersion><CreateDate>2026-01-01T00:00:00Z</CreateDate></member>
            <member><Document>{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", \
            "Resource": "*"}]}</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion>
            <CreateDate>2026-01-02T00:00:00Z</CreateDate></member>
            </Versions><IsTruncated>false</IsTruncated></ListPolicyVersionsResult></ListPolicyVersionsResponse>
            """
        let transport = ScriptedTransport([.fail(.timeout), .respond(status: 200, body: versions, headers: [])])
        let version = try await makeScriptedIAM(transport).createPolicyVersion(
            arn: "arn:aws:iam::123456789012:policy/p", document: document, setAsDefault: true)
        #expect(version.versionID == "v2")
        #expect(transport.sentParameters.map { $0["Action"] } == ["CreatePolicyVersion", "ListPolicyVersions"])
    }

    @Test("CreatePolicyVersion after a dropped connection is sent again when no version was made")
    func createPolicyVersionResent() async throws {
        let transport = ScriptedTransport([
            .fail(.connectionReset), .fixture("ListPolicyVersions.xml"), .fixture("CreatePolicyVersion-moto.xml"),
        ])
        let sleeper = SleepRecorder()
        let version = try await makeScriptedIAM(transport, sleeper: sleeper).createPolicyVersion(
            arn: "arn:aws:iam::123456789012:policy/p", document: "{}", setAsDefault: true)
        #expect(version.versionID == "v2")
        #expect(
            transport.sentParameters.map { $0["Action"] } == [
                "CreatePolicyVersion", "ListPolicyVersions", "CreatePolicyVersion",
            ])
        #expect(sleeper.recorded == [.milliseconds(50)])
    }

    @Test("DeleteUser: NoSuchEntity after a dropped connection means the first attempt deleted it")
    func deleteAfterUnknownOutcome() async throws {
        let transport = ScriptedTransport([.fail(.connectionReset), .fixture("Error-NoSuchEntity.xml", status: 404)])
        try await makeScriptedIAM(transport).deleteUser(name: "bob")
        #expect(transport.sent.count == 2)
    }

    @Test("DeleteUser: NoSuchEntity on the first attempt is an error")
    func deleteMissing() async throws {
        let transport = ScriptedTransport([.fixture("Error-NoSuchEntity.xml", status: 404)])
        let error = await #expect(throws: IAMError.self) {
            try await makeScriptedIAM(transport).deleteUser(name: "bob")
        }
        #expect(error?.serviceCode == .noSuchEntity)
    }

    @Test("each attempt is logged at debug with action, attempt, status, request id and duration; retries warn")
    func logging() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "iam", level: .debug, handler: handler)
        let transport = ScriptedTransport([Self.throttled, .fixture("GetUser-moto.xml")])
        _ = try await makeScriptedIAM(transport, logger: logger).getUser(name: "alice")
        let records = handler.all
        #expect(records.map(\.message) == ["sent AWS request", "retrying AWS request", "sent AWS request"])
        #expect(records.map(\.level) == [.debug, .warning, .debug])
        #expect(records[0].metadata["action"] == "GetUser")
        #expect(records[0].metadata["status"] == "400")
        #expect(records[0].metadata["request_id"] == "9f8e7d6c-0000-0000-0000-000000000015")
        #expect(records[0].metadata["duration_ms"] != nil)
        #expect(records[1].metadata["error"] == "Throttling")
        #expect(records[1].metadata["wait_ms"] == "50")
        #expect(records[2].metadata["attempt"] == "2")
        #expect(records[2].metadata["request_id"] == "koibi5w8WbSqHnRmJjFNnSaM7Ug4LykQG2WOiicGNCURQK1QvVGs")
    }
}
