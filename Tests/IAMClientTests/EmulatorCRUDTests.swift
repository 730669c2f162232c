import Foundation
import IAMClient
import Testing

@Suite("create, read, update and delete of every resource kind against the emulator", .serialized)
struct EmulatorCRUDTests {
    static let document =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lex:PostText","Resource":"*"}]}"#
    static let document2 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#

    @Test(
        "users: create with tags, get, tag, untag, list tags, list by path, delete",
        .enabled(if: Emulator.isAvailable, Emulator.unavailableReason))
    func users() async throws {
        let iam = try Emulator.iam(Emulator.motoURL)
        try await Self.users(iam)
    }

    static func users(_ iam: IAMService) async throws {
        let name = Emulator.uniqueName("user")
        let created = try await iam.createUser(
            name: name, path: "/channelops/", tags: [IAMTag(key: "channelops:managed-by", value: "default")])
        #expect(created.userName == name)
        #expect(created.arn == "arn:aws:iam::123456789012:user/channelops/\(name)")

        try await iam.tagUser(name: name, tags: [IAMTag(key: "team", value: "cx"), IAMTag(key: "x", value: "1")])
        try await iam.untagUser(name: name, keys: ["x"])
        let tags = try await iam.listUserTags(name: name)
        #expect(
            Set(tags) == [IAMTag(key: "channelops:managed-by", value: "default"), IAMTag(key: "team", value: "cx")])
        #expect(Set(try await iam.getUser(name: name).tags) == Set(tags))
        #expect(try await iam.listUsers(pathPrefix: "/channelops/").contains { $0.userName == name })

        try await iam.deleteUser(name: name)
        let error = await #expect(throws: IAMError.self) { try await iam.getUser(name: name) }
        #expect(error?.serviceCode == .noSuchEntity)
    }

    @Test(
        "policies: create, get, versions, default switch, tags, delete",
        .enabled(if: Emulator.isAvailable, Emulator.unavailableReason))
    func policies() async throws {
        let iam = try Emulator.iam(Emulator.motoURL)
        try await Self.policies(iam)
    }

    static func policies(_ iam: IAMService) async throws {
        let name = Emulator.uniqueName("channelops-policy")
        let policy = try await iam.createPolicy(
            name: name, path: "/channelops/", document: document, description: "test policy",
            tags: [IAMTag(key: "channelops:channel", value: "c1")])
        #expect(policy.defaultVersionID == "v1")
        let fetched = try await iam.getPolicy(arn: policy.arn)
        #expect(fetched.description == "test policy")
        #expect(try await iam.getPolicyVersion(arn: policy.arn, versionID: "v1").document == document)

        let version = try await iam.createPolicyVersion(arn: policy.arn, document: document2, setAsDefault: true)
        #expect(version.versionID == "v2")
        #expect(version.isDefaultVersion)
        #expect(try await iam.getPolicy(arn: policy.arn).defaultVersionID == "v2")
        #expect(try await iam.listPolicyVersions(arn: policy.arn).map(\.versionID).sorted() == ["v1", "v2"])
        try await iam.deletePolicyVersion(arn: policy.arn, versionID: "v1")
        #expect(try await iam.listPolicyVersions(arn: policy.arn).map(\.versionID) == ["v2"])

        try await iam.tagPolicy(arn: policy.arn, tags: [IAMTag(key: "team", value: "cx")])
        try await iam.untagPolicy(arn: policy.arn, keys: ["channelops:channel"])
        #expect(try await iam.listPolicyTags(arn: policy.arn) == [IAMTag(key: "team", value: "cx")])
        #expect(try await iam.listPolicies(pathPrefix: "/channelops/").contains { $0.arn == policy.arn })

        try await iam.deletePolicy(arn: policy.arn)
        let error = await #expect(throws: IAMError.self) { try await iam.getPolicy(arn: policy.arn) }
        #expect(error?.serviceCode == .noSuchEntity)
    }

    @Test(
        "attachments, inline policies and groups of a user, then cleanup",
        .enabled(if: Emulator.isAvailable, Emulator.unavailableReason))
    func userRelations() async throws {
        let iam = try Emulator.iam(Emulator.motoURL)
        try await Self.userRelations(iam)
    }

    static func userRelations(_ iam: IAMService) async throws {
        let user = Emulator.uniqueName("user")
        let group = Emulator.uniqueName("group")
        _ = try await iam.createUser(name: user)
        let policy = try await iam.createPolicy(name: Emulator.uniqueName("policy"), document: document)

        try await iam.attachUserPolicy(user: user, policyARN: policy.arn)
        #expect(try await iam.listAttachedUserPolicies(user: user).map(\.policyARN) == [policy.arn])
        try await iam.putUserPolicy(user: user, policyName: "inline", document: document)
        #expect(try await iam.listUserPolicies(user: user) == ["inline"])
        _ = try await iam.createGroup(name: group)
        try await iam.addUserToGroup(user: user, group: group)
        #expect(try await iam.listGroupsForUser(user: user).map(\.groupName) == [group])

        let details = try await iam.getAccountAuthorizationDetails(filter: [.user, .localManagedPolicy])
        let detail = try #require(details.users.first { $0.user.userName == user })
        #expect(detail.attachedManagedPolicies.map(\.policyARN) == [policy.arn])
        #expect(detail.inlinePolicies == [InlinePolicy(policyName: "inline", document: document)])
        #expect(detail.groupNames == [group])
        let policyDetail = try #require(details.policies.first { $0.arn == policy.arn })
        #expect(policyDetail.policyName == policy.policyName)
        #expect(policyDetail.defaultDocument == document)

        // A user with attachments cannot be deleted.
        let conflict = await #expect(throws: IAMError.self) { try await iam.deleteUser(name: user) }
        #expect(conflict?.serviceCode == .deleteConflict)

        try await iam.detachUserPolicy(user: user, policyARN: policy.arn)
        try await iam.deleteUserPolicy(user: user, policyName: "inline")
        try await iam.removeUserFromGroup(user: user, group: group)
        #expect(try await iam.listAttachedUserPolicies(user: user).isEmpty)
        #expect(try await iam.listUserPolicies(user: user).isEmpty)
        #expect(try await iam.listGroupsForUser(user: user).isEmpty)
        try await iam.deleteGroup(name: group)
        try await iam.deletePolicy(arn: policy.arn)
        try await iam.deleteUser(name: user)
    }

    @Test(
        "access keys: create, list, deactivate, last used, delete",
        .enabled(if: Emulator.isAvailable, Emulator.unavailableReason))
    func accessKeys() async throws {
        let iam = try Emulator.iam(Emulator.motoURL)
        try await Self.accessKeys(iam)
    }

    static func accessKeys(_ iam: IAMService) async throws {
        let user = Emulator.uniqueName("user")
        _ = try await iam.createUser(name: user)
        let key = try await iam.createAccessKey(user: user)
        #expect(key.metadata.userName == user)
        #expect(!key.secretAccessKey.isEmpty)
        #expect(try await iam.listAccessKeys(user: user).map(\.accessKeyID) == [key.metadata.accessKeyID])

        try await iam.updateAccessKey(user: user, accessKeyID: key.metadata.accessKeyID, status: .inactive)
        #expect(try await iam.listAccessKeys(user: user).map(\.status) == [.inactive])
        let used = try await iam.getAccessKeyLastUsed(accessKeyID: key.metadata.accessKeyID)
        #expect(used.lastUsedDate == nil)

        try await iam.deleteAccessKey(user: user, accessKeyID: key.metadata.accessKeyID)
        #expect(try await iam.listAccessKeys(user: user).isEmpty)
        try await iam.deleteUser(name: user)
    }

    @Test(
        "a duplicate user is EntityAlreadyExists with action, user, HTTP status and request id",
        .enabled(if: Emulator.isAvailable, Emulator.unavailableReason))
    func duplicateUser() async throws {
        let iam = try Emulator.iam(Emulator.motoURL)
        let name = Emulator.uniqueName("user")
        _ = try await iam.createUser(name: name)
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.createUser(name: name) })
        let fault = try #require(error.serviceError)
        #expect(
            error.description == "CreateUser user=\(name): EntityAlreadyExists: User \(name) already exists "
                + "(HTTP 409, request id \(fault.requestID ?? "none"))")
        #expect(fault.requestID?.isEmpty == false)
        try await iam.deleteUser(name: name)
    }
}
