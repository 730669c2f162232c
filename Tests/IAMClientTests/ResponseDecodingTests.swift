import Foundation
import IAMClient
import Testing

@Suite("decoding IAM and STS responses from sanitised fixtures")
struct ResponseDecodingTests {
    @Test("CreateUser sends path and tags and decodes the user with escaped tag values")
    func createUser() async throws {
        let transport = ScriptedTransport([.fixture("CreateUser.xml")])
        let iam = makeScriptedIAM(transport)
        let user = try await iam.createUser(
            name: "support-web-widget", path: "/channelops/",
            tags: [IAMTag(key: "channelops:managed-by", value: "default"), IAMTag(key: "cost-center", value: "R&D")])

        #expect(user.userName == "support-web-widget")
        #expect(user.path == "/channelops/")
        #expect(user.userID == "AIDAJQABLZS4A3QDU576Q")
        #expect(user.arn == "arn:aws:iam::123456789012:user/channelops/support-web-widget")
        #expect(user.createDate == utc(2026, 3, 14, 9, 26, 53))
        #expect(
            user.tags == [
                IAMTag(key: "channelops:managed-by", value: "default"), IAMTag(key: "cost-center", value: "R&D <4217>"),
            ])
        let parameters = try #require(transport.sentParameters.first)
        #expect(parameters["Action"] == "CreateUser")
        #expect(parameters["Version"] == "2010-05-08")
        #expect(parameters["Path"] == "/channelops/")
        #expect(parameters["Tags.member.1.Key"] == "channelops:managed-by")
        #expect(parameters["Tags.member.2.Value"] == "R&D")
    }

    @Test("the form body percent-encodes all but unreserved characters and a space as +")
    func formEncoding() async throws {
        let transport = ScriptedTransport([.fixture("CreateUser.xml")])
        let iam = makeScriptedIAM(transport)
        _ = try await iam.createUser(name: "a+b", path: "/x y/", tags: [IAMTag(key: "k", value: "v&=~é")])
        let body = String(decoding: try #require(transport.sent.first).body, as: UTF8.self)
        #expect(
            body == "Action=CreateUser&Version=2010-05-08&UserName=a%2Bb&Path=%2Fx+y%2F"
                + "&Tags.member.1.Key=k&Tags.member.1.Value=v%26%3D~%C3%A9")
    }

    @Test("GetUser decodes moto's fractional-second timestamps")
    func getUserFromMoto() async throws {
        let iam = makeScriptedIAM(ScriptedTransport([.fixture("GetUser-moto.xml")]))
        let user = try await iam.getUser(name: "alice")
        #expect(user.tags == [IAMTag(key: "k", value: "v&x")])
        #expect(abs(user.createDate.timeIntervalSince(utc(2026, 12, 3, 18, 17, 32)) - 0.228939) < 0.000_001)
    }

    @Test("ListUsers follows the marker to the second page and sends the path prefix")
    func listUsersPaginated() async throws {
        let transport = ScriptedTransport([.fixture("ListUsers-page1.xml"), .fixture("ListUsers-page2.xml")])
        let iam = makeScriptedIAM(transport)
        let users = try await iam.listUsers(pathPrefix: "/channelops/")
        #expect(users.map(\.userName) == ["alice", "bob"])
        let parameters = transport.sentParameters
        #expect(parameters.count == 2)
        #expect(parameters[0]["Marker"] == nil)
        #expect(parameters[1]["Marker"] == "AAEAAbR1c2VyLWJvYg==")
        #expect(parameters[1]["PathPrefix"] == "/channelops/")
    }

    @Test("a marker returned twice is an error, not an endless loop")
    func repeatedMarker() async throws {
        let transport = ScriptedTransport([.fixture("ListUsers-page1.xml"), .fixture("ListUsers-page1.xml")])
        let iam = makeScriptedIAM(transport)
        let error = await #expect(throws: IAMError.self) { try await iam.listUsers() }
        #expect(
            error?.description
                == "ListUsers path=/: unreadable response (HTTP 200, request id 11111111-0000-0000-0000-000000000001): "
                + "the <Marker> 'AAEAAbR1c2VyLWJvYg==' was returned twice; the list would never end")
    }

    @Test("ListUserTags keeps an empty tag value")
    func listUserTags() async throws {
        let iam = makeScriptedIAM(ScriptedTransport([.fixture("ListUserTags.xml")]))
        let tags = try await iam.listUserTags(name: "alice")
        #expect(tags == [IAMTag(key: "channelops:channel", value: "support-bot"), IAMTag(key: "empty", value: "")])
    }

    @Test("GetPolicy decodes description, counts, dates and tags")
    func getPolicy() async throws {
        let iam = makeScriptedIAM(ScriptedTransport([.fixture("GetPolicy.xml")]))
        let policy = try await iam.getPolicy(arn: "arn:aws:iam::123456789012:policy/channelops/channelops-support-bot")
        #expect(
            policy
                == IAMPolicy(
                    policyName: "channelops-support-bot", policyID: "ANPAJ2UCCR6DPCEXAMPLE",
                    arn: "arn:aws:iam::123456789012:policy/channelops/channelops-support-bot", path: "/channelops/",
                    defaultVersionID: "v2", attachmentCount: 1, description: "Customer support bot on Amazon Lex",
                    createDate: utc(2026, 3, 14, 9, 26, 53), updateDate: utc(2026, 3, 16, 11, 2, 7),
                    tags: [IAMTag(key: "channelops:managed-by", value: "default")]))
    }

    @Test("GetPolicyVersion URL-decodes AWS's document")
    func getPolicyVersion() async throws {
        let transport = ScriptedTransport([.fixture("GetPolicyVersion.xml")])
        let iam = makeScriptedIAM(transport)
        let version = try await iam.getPolicyVersion(arn: "arn:aws:iam::123456789012:policy/p", versionID: "v2")
        #expect(version.versionID == "v2")
        #expect(version.isDefaultVersion)
        #expect(
            version.document
                == #"{"Version":"2012-10-17","Statement":[{"Sid":"SendText","Effect":"Allow","#
                + #""Action":["lex:PostText"],"#
                + #""Resource":"arn:aws:lex:us-east-1:123456789012:bot:SupportBot:*"}]}"#)
        #expect(transport.sentParameters.first?["VersionId"] == "v2")
    }

    @Test("CreatePolicyVersion keeps moto's raw JSON document as it is")
    func createPolicyVersionRaw() async throws {
        let transport = ScriptedTransport([.fixture("CreatePolicyVersion-moto.xml")])
        let iam = makeScriptedIAM(transport)
        let version = try await iam.createPolicyVersion(
            arn: "arn:aws:iam::123456789012:policy/p", document: "{}", setAsDefault: true)
        #expect(
            version.document
                == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        #expect(transport.sentParameters.first?["SetAsDefault"] == "true")
    }

    @Test("ListPolicyVersions without documents gives nil documents")
    func listPolicyVersions() async throws {
        let iam = makeScriptedIAM(ScriptedTransport([.fixture("ListPolicyVersions.xml")]))
        let versions = try await iam.listPolicyVersions(arn: "arn:aws:iam::123456789012:policy/p")
        #expect(versions.map(\.versionID) == ["v2", "v1"])
        #expect(versions.map(\.isDefaultVersion) == [true, false])
        #expect(versions.allSatisfy { $0.document == nil })
    }

    @Test("attachments, inline policy names and groups decode")
    func userRelations() async throws {
        let iam = makeScriptedIAM(
            ScriptedTransport([
                .fixture("ListAttachedUserPolicies.xml"), .fixture("ListUserPolicies.xml"),
                .fixture("ListGroupsForUser.xml"),
            ]))
        let attached = try await iam.listAttachedUserPolicies(user: "alice")
        #expect(
            attached == [
                AttachedPolicy(
                    policyName: "channelops-support-bot",
                    policyARN: "arn:aws:iam::123456789012:policy/channelops/channelops-support-bot"),
                AttachedPolicy(policyName: "ReadOnlyAccess", policyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ])
        #expect(try await iam.listUserPolicies(user: "alice") == ["AllAccessPolicy", "KeyPolicy"])
        let groups = try await iam.listGroupsForUser(user: "alice")
        #expect(
            groups == [
                IAMGroup(
                    groupName: "Admins", path: "/", groupID: "AGPACKCEVSQ6C2EXAMPLE",
                    arn: "arn:aws:iam::123456789012:group/Admins", createDate: utc(2026, 1, 2, 3, 4, 5))
            ])
    }

    @Test("access keys decode, the new key with its secret")
    func accessKeys() async throws {
        let iam = makeScriptedIAM(
            ScriptedTransport([.fixture("CreateAccessKey.xml"), .fixture("ListAccessKeys.xml")]))
        let created = try await iam.createAccessKey(user: "support-web-widget")
        #expect(created.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
        #expect(created.metadata.accessKeyID == "AKIAIOSFODNN7EXAMPLE")
        let keys = try await iam.listAccessKeys(user: "support-web-widget")
        #expect(keys.map(\.status) == [.active, .inactive])
        #expect(keys.map(\.createDate) == [utc(2026, 3, 14, 9, 26, 53), utc(2025, 11, 1)])
    }

    @Test("GetAccessKeyLastUsed decodes a date, and moto's N/A as never used")
    func accessKeyLastUsed() async throws {
        let iam = makeScriptedIAM(
            ScriptedTransport([.fixture("GetAccessKeyLastUsed.xml"), .fixture("GetAccessKeyLastUsed-moto.xml")]))
        let used = try await iam.getAccessKeyLastUsed(accessKeyID: "AKIAIOSFODNN7EXAMPLE")
        #expect(
            used
                == AccessKeyLastUsed(
                    userName: "support-web-widget", lastUsedDate: utc(2026, 3, 20, 14, 5), serviceName: "lex",
                    region: "us-east-1"))
        let never = try await iam.getAccessKeyLastUsed(accessKeyID: "AKIAIOSFODNN7EXAMPLE")
        #expect(never == AccessKeyLastUsed(userName: "alice", lastUsedDate: nil, serviceName: nil, region: nil))
    }

    @Test("GetCallerIdentity decodes account, ARN and id")
    func callerIdentity() async throws {
        let transport = ScriptedTransport([.fixture("GetCallerIdentity.xml")])
        let client = makeScriptedIAM(transport).client
        let sts = STSService(
            client: AWSClient(
                configuration: .sts(region: "eu-west-1", endpoint: URL(string: "https://sts.scripted.test/")),
                transport: transport, credentials: FixedCredentials(), counter: client.counter))
        let identity = try await sts.getCallerIdentity()
        #expect(
            identity
                == CallerIdentity(
                    account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci-deployer",
                    userID: "AIDACKCEVSQ6C2EXAMPLE"))
        #expect(transport.sentParameters.first?["Version"] == "2011-06-15")
    }

    @Test("GetAccountAuthorizationDetails joins two pages and decodes every part")
    func accountAuthorizationDetailsPaginated() async throws {
        let transport = ScriptedTransport([
            .fixture("GetAccountAuthorizationDetails-page1.xml"), .fixture("GetAccountAuthorizationDetails-page2.xml"),
        ])
        let iam = makeScriptedIAM(transport)
        let details = try await iam.getAccountAuthorizationDetails(maxItems: 1)

        #expect(details.users.map(\.user.userName) == ["support-web-widget", "outsider"])
        let first = try #require(details.users.first)
        #expect(first.user.tags.map(\.key) == ["channelops:managed-by", "channelops:channel"])
        #expect(first.groupNames == ["Admins"])
        #expect(first.attachedManagedPolicies.map(\.policyName) == ["channelops-support-bot"])
        #expect(
            first.inlinePolicies == [
                InlinePolicy(
                    policyName: "stray-inline",
                    document:
                        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","#
                        + #""Action":"lex:PostText","Resource":"*"}]}"#
                )
            ])
        #expect(details.groups.map(\.group.groupName) == ["Admins"])
        #expect(details.groups.first?.attachedManagedPolicies.map(\.policyName) == ["AdministratorAccess"])
        let policy = try #require(details.policies.first)
        #expect(policy.policyName == "channelops-support-bot")
        #expect(policy.policyID == "ANPAJ2UCCR6DPCEXAMPLE")
        #expect(policy.versions.map(\.versionID) == ["v2", "v1"])
        #expect(policy.defaultDocument?.hasPrefix(#"{"Version":"2012-10-17","Statement":[{"Effect""#) == true)
        #expect(policy.versions.last?.document == #"{"Version":"2012-10-17","Statement":[]}"#)

        let parameters = transport.sentParameters
        #expect(parameters.count == 2)
        #expect(parameters[0]["Filter.member.1"] == "User")
        #expect(parameters[0]["Filter.member.2"] == "LocalManagedPolicy")
        #expect(parameters[0]["MaxItems"] == "1")
        #expect(parameters[1]["Marker"] == "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl")
    }

    @Test("GetAccountAuthorizationDetails from moto derives the policy name from the ARN")
    func accountAuthorizationDetailsFromMoto() async throws {
        let iam = makeScriptedIAM(ScriptedTransport([.fixture("GetAccountAuthorizationDetails-moto.xml")]))
        let details = try await iam.getAccountAuthorizationDetails()
        let policy = try #require(details.policies.first)
        #expect(policy.policyName == "p1")
        #expect(policy.policyID == nil)
        #expect(policy.defaultVersionID == "v2")
        #expect(details.users.first?.inlinePolicies.first?.document.hasPrefix(#"{"Version""#) == true)
    }

    @Test("DeleteUser accepts an empty result")
    func deleteUser() async throws {
        let transport = ScriptedTransport([.fixture("DeleteUser.xml")])
        try await makeScriptedIAM(transport).deleteUser(name: "alice")
        #expect(transport.sentParameters.first?["UserName"] == "alice")
    }
}
