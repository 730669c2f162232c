import ChannelCore
import Reconciler

/// An in-memory IAM account that enforces the rules the engine must respect.
///
/// Rules kept as AWS documents them (stricter than moto where they differ): names of users and
/// policies unique regardless of case (`EntityAlreadyExists`); `DeleteConflict` when deleting a
/// user that still has attached or inline policies, groups or access keys, or a policy that is
/// attached or has non-default versions, or the default version; `LimitExceeded` for a sixth
/// policy version and a third access key; `NoSuchEntity` for anything missing, including
/// detaching what is not attached. Access keys get their creation date from `now`, which tests
/// move forward, and a secret that tests choose, so that they can search outputs for it. It logs every call the engine makes, counts calls in flight, can fail chosen
/// calls, and can hide a just-created entity for a number of calls (eventual consistency).
/// The `outOfBand…` methods change the account as a person would, without being logged.
actor FakeIAM: IAMOperations {
    static let account = "123456789012"

    struct User {
        var name: String
        var path: String
        var id: String
        var tags: [KeyValue]
        var attached: Set<String> = []
        var inline: Set<String> = []
        var groups: Set<String> = []
        var accessKeys: [Key] = []
        var arn: String { "arn:aws:iam::\(FakeIAM.account):user\(path)\(name)" }
    }

    struct Key {
        var id: String
        var status: LiveAccessKey.Status
        var createDate: Timestamp
        var lastUse: LiveAccessKey.LastUse = .never
    }

    struct Policy {
        var name: String
        var path: String
        var description: String?
        var tags: [KeyValue]
        var versions: [(id: String, document: PolicyDocument)]
        var defaultVersion: String
        var nextVersion: Int
        var arn: String { "arn:aws:iam::\(FakeIAM.account):policy\(path)\(name)" }
    }

    /// A call to fail: the action, an optional subject that must appear in the call's
    /// description, the error code, and how many times (nil: always).
    struct Failure {
        var action: String
        var subject: String?
        var code: String
        var remaining: Int?
    }

    private(set) var users: [String: User] = [:]
    private(set) var policies: [String: Policy] = [:]
    private(set) var groups: Set<String> = ["admins"]
    /// AWS managed policies that exist and can be attached.
    let awsManagedPolicies: Set<String> = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    /// Attachments to groups and roles, which the engine never sees in detail.
    private var otherAttachments: [String: Int] = [:]

    /// Every call the engine made, as `Action subject…`, in the order they started.
    private(set) var calls: [String] = []
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private var failures: [Failure] = []
    /// Entities that answer `NoSuchEntity` for this many more calls that name them.
    private var hidden: [String: Int] = [:]
    /// Calls that name a created user or policy, and are hidden for this many calls after it.
    private let hideAfterCreate: Int
    /// How long every call takes; zero returns at once, after yielding.
    private let latency: Duration
    private var nextID = 1
    private var staleSnapshots = 0
    private var laggingSnapshot: LiveState?
    /// The time given to keys created now.
    private(set) var now = Timestamp(secondsSince1970: 1_767_225_600)
    /// Secrets handed out by `createAccessKey`, in order.
    private(set) var secrets: [String] = []
    /// The most access keys any user had at once.
    private(set) var maxKeysPerUser = 0

    init(hideAfterCreate: Int = 0, latency: Duration = .zero) {
        self.hideAfterCreate = hideAfterCreate
        self.latency = latency
    }

    /// The actions of `calls`, without subjects.
    var actions: [String] { calls.map { String($0.split(separator: " ")[0]) } }

    /// How many calls of `action` were made.
    func count(_ action: String) -> Int { actions.filter { $0 == action }.count }

    /// Forgets the call log and the in-flight maximum.
    func resetLog() {
        calls = []
        maxInFlight = 0
    }

    /// Makes calls of `action` whose description contains `subject` fail with `code`.
    func fail(_ action: String, subject: String? = nil, code: String, times: Int? = nil) {
        failures.append(Failure(action: action, subject: subject, code: code, remaining: times))
    }

    // MARK: - The engine's calls

    func accountSnapshot() async throws(IAMOperationError) -> LiveState {
        try await begin("GetAccountAuthorizationDetails")
        defer { end() }
        if let lagging = laggingSnapshot, staleSnapshots > 0 {
            staleSnapshots -= 1
            return lagging
        }
        let snapshot = currentState()
        if staleSnapshots > 0 { laggingSnapshot = snapshot }
        return snapshot
    }

    /// Makes the next snapshot real and the `count` after it return that same state again, as a
    /// read that lags behind writes would.
    func lagSnapshots(_ count: Int) {
        staleSnapshots = count
        laggingSnapshot = nil
    }

    private func currentState() -> LiveState {
        var attachmentCounts: [String: Int] = otherAttachments
        for user in users.values {
            for arn in user.attached { attachmentCounts[arn, default: 0] += 1 }
        }
        let liveUsers = users.values.map { user in
            LiveUser(
                name: user.name,
                path: user.path,
                arn: user.arn,
                userID: user.id,
                tags: user.tags,
                attachedPolicyARNs: Array(user.attached),
                inlinePolicyNames: Array(user.inline),
                groupNames: Array(user.groups),
                createDate: "2025-12-03T18:00:00Z"
            )
        }
        let livePolicies = policies.values.map { policy in
            LivePolicy(
                name: policy.name,
                path: policy.path,
                arn: policy.arn,
                defaultVersionID: policy.defaultVersion,
                document: policy.versions.first { $0.id == policy.defaultVersion }?.document
                    ?? PolicyDocument(statements: []),
                versions: policy.versions.map {
                    LivePolicy.Version(id: $0.id, isDefault: $0.id == policy.defaultVersion)
                },
                tags: .unknown,
                attachmentCount: attachmentCounts[policy.arn] ?? 0,
                description: policy.description
            )
        }
        return LiveState(users: liveUsers, policies: livePolicies)
    }

    func listPolicyTags(policyARN: String) async throws(IAMOperationError) -> [KeyValue] {
        try await begin("ListPolicyTags", policyARN)
        defer { end() }
        return try policy(policyARN).tags
    }

    func listAccessKeys(userName: String) async throws(IAMOperationError) -> [LiveAccessKey] {
        try await begin("ListAccessKeys", userName)
        defer { end() }
        return try user(userName).accessKeys.map {
            LiveAccessKey(id: $0.id, status: $0.status, createDate: $0.createDate)
        }
    }

    func getAccessKeyLastUsed(accessKeyID: String) async throws(IAMOperationError) -> LiveAccessKey.LastUse {
        try await begin("GetAccessKeyLastUsed", accessKeyID)
        defer { end() }
        guard let key = users.values.lazy.flatMap(\.accessKeys).first(where: { $0.id == accessKeyID }) else {
            throw Self.error("NoSuchEntity", "GetAccessKeyLastUsed \(accessKeyID): no such key")
        }
        return key.lastUse
    }

    func createAccessKey(userName: String) async throws(IAMOperationError) -> NewAccessKey {
        try await begin("CreateAccessKey", userName)
        defer { end() }
        let key = try createKeyNow(userName)
        let secret = "fakeSecret/\(key.id)/wJalrXUtnFEMIK7MDENGbPxRfiCY"
        secrets.append(secret)
        return NewAccessKey(accessKeyID: key.id, secretAccessKey: secret, createDate: key.createDate)
    }

    func updateAccessKey(
        userName: String,
        accessKeyID: String,
        status: LiveAccessKey.Status
    ) async throws(IAMOperationError) {
        try await begin("UpdateAccessKey", userName, accessKeyID, status.rawValue)
        defer { end() }
        guard let index = try user(userName).accessKeys.firstIndex(where: { $0.id == accessKeyID }) else {
            throw Self.error("NoSuchEntity", "UpdateAccessKey \(userName): no key \(accessKeyID)")
        }
        users[userName]?.accessKeys[index].status = status
    }

    func createUser(name: String, path: String, tags: [KeyValue]) async throws(IAMOperationError) {
        try await begin("CreateUser", name)
        defer { end() }
        try createUserNow(name: name, path: path, tags: tags)
        hide(name)
    }

    func updateUser(name: String, newPath: String) async throws(IAMOperationError) {
        try await begin("UpdateUser", name)
        defer { end() }
        try requireUser(name)
        users[name]?.path = newPath
    }

    func tagUser(name: String, tags: [KeyValue]) async throws(IAMOperationError) {
        try await begin("TagUser", name)
        defer { end() }
        let merged = Self.merged(try user(name).tags, tags)
        users[name]?.tags = merged
    }

    func untagUser(name: String, keys: [String]) async throws(IAMOperationError) {
        try await begin("UntagUser", name)
        defer { end() }
        try requireUser(name)
        users[name]?.tags.removeAll { keys.contains($0.key) }
    }

    func deleteUser(name: String) async throws(IAMOperationError) {
        try await begin("DeleteUser", name)
        defer { end() }
        let user = try user(name)
        guard user.attached.isEmpty, user.inline.isEmpty, user.groups.isEmpty, user.accessKeys.isEmpty else {
            throw Self.error("DeleteConflict", "DeleteUser user=\(name): must remove policies, groups and keys first")
        }
        users[name] = nil
    }

    func createPolicy(
        name: String,
        path: String,
        document: PolicyDocument,
        description: String?,
        tags: [KeyValue]
    ) async throws(IAMOperationError) -> String {
        try await begin("CreatePolicy", name)
        defer { end() }
        let policy = try createPolicyNow(
            name: name, path: path, document: document, description: description, tags: tags)
        hide(policy.arn)
        return policy.arn
    }

    func createPolicyVersion(policyARN: String, document: PolicyDocument) async throws(IAMOperationError) {
        try await begin("CreatePolicyVersion", policyARN)
        defer { end() }
        try addVersion(policyARN, document)
    }

    func deletePolicyVersion(policyARN: String, versionID: String) async throws(IAMOperationError) {
        try await begin("DeletePolicyVersion", policyARN, versionID)
        defer { end() }
        let policy = try policy(policyARN)
        guard policy.versions.contains(where: { $0.id == versionID }) else {
            throw Self.error("NoSuchEntity", "DeletePolicyVersion \(policyARN) \(versionID): no such version")
        }
        guard versionID != policy.defaultVersion else {
            throw Self.error("DeleteConflict", "DeletePolicyVersion \(versionID): cannot delete the default version")
        }
        policies[policyARN]?.versions.removeAll { $0.id == versionID }
    }

    func deletePolicy(policyARN: String) async throws(IAMOperationError) {
        try await begin("DeletePolicy", policyARN)
        defer { end() }
        let policy = try policy(policyARN)
        let attached =
            users.values.filter { $0.attached.contains(policyARN) }.count + (otherAttachments[policyARN] ?? 0)
        guard attached == 0 else {
            throw Self.error("DeleteConflict", "DeletePolicy \(policyARN): still attached to \(attached) entities")
        }
        guard policy.versions.count == 1 else {
            throw Self.error("DeleteConflict", "DeletePolicy \(policyARN): delete the other versions first")
        }
        policies[policyARN] = nil
    }

    func tagPolicy(policyARN: String, tags: [KeyValue]) async throws(IAMOperationError) {
        try await begin("TagPolicy", policyARN)
        defer { end() }
        let current = try policy(policyARN).tags
        policies[policyARN]?.tags = Self.merged(current, tags)
    }

    func untagPolicy(policyARN: String, keys: [String]) async throws(IAMOperationError) {
        try await begin("UntagPolicy", policyARN)
        defer { end() }
        _ = try policy(policyARN)
        policies[policyARN]?.tags.removeAll { keys.contains($0.key) }
    }

    func attachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError) {
        try await begin("AttachUserPolicy", userName, policyARN)
        defer { end() }
        try attachNow(userName, policyARN)
    }

    func detachUserPolicy(userName: String, policyARN: String) async throws(IAMOperationError) {
        try await begin("DetachUserPolicy", userName, policyARN)
        defer { end() }
        guard try user(userName).attached.contains(policyARN) else {
            throw Self.error("NoSuchEntity", "DetachUserPolicy \(userName): \(policyARN) is not attached")
        }
        users[userName]?.attached.remove(policyARN)
    }

    func deleteUserPolicy(userName: String, policyName: String) async throws(IAMOperationError) {
        try await begin("DeleteUserPolicy", userName, policyName)
        defer { end() }
        guard try user(userName).inline.contains(policyName) else {
            throw Self.error("NoSuchEntity", "DeleteUserPolicy \(userName): no inline policy \(policyName)")
        }
        users[userName]?.inline.remove(policyName)
    }

    func removeUserFromGroup(userName: String, groupName: String) async throws(IAMOperationError) {
        try await begin("RemoveUserFromGroup", userName, groupName)
        defer { end() }
        guard try user(userName).groups.contains(groupName) else {
            throw Self.error("NoSuchEntity", "RemoveUserFromGroup \(userName): not in group \(groupName)")
        }
        users[userName]?.groups.remove(groupName)
    }

    func deleteAccessKey(userName: String, accessKeyID: String) async throws(IAMOperationError) {
        try await begin("DeleteAccessKey", userName, accessKeyID)
        defer { end() }
        guard try user(userName).accessKeys.contains(where: { $0.id == accessKeyID }) else {
            throw Self.error("NoSuchEntity", "DeleteAccessKey \(userName): no key \(accessKeyID)")
        }
        users[userName]?.accessKeys.removeAll { $0.id == accessKeyID }
    }

    // MARK: - Changes made by hand, not logged

    func outOfBandCreateUser(_ name: String, path: String = "/", tags: [KeyValue] = []) throws {
        try createUserNow(name: name, path: path, tags: tags)
    }

    @discardableResult
    func outOfBandCreatePolicy(
        _ name: String,
        path: String = "/",
        document: PolicyDocument,
        tags: [KeyValue] = []
    ) throws -> String {
        try createPolicyNow(name: name, path: path, document: document, description: nil, tags: tags).arn
    }

    func outOfBandAttach(_ user: String, _ policyARN: String) throws { try attachNow(user, policyARN) }

    func outOfBandAttachToRole(_ policyARN: String) { otherAttachments[policyARN, default: 0] += 1 }

    func outOfBandPutInlinePolicy(_ user: String, _ name: String) { users[user]?.inline.insert(name) }

    func outOfBandAddToGroup(_ user: String, _ group: String) { users[user]?.groups.insert(group) }

    @discardableResult
    func outOfBandCreateAccessKey(_ user: String) throws -> String {
        try createKeyNow(user).id
    }

    func outOfBandSetKeyStatus(_ user: String, _ id: String, _ status: LiveAccessKey.Status) {
        guard let index = users[user]?.accessKeys.firstIndex(where: { $0.id == id }) else { return }
        users[user]?.accessKeys[index].status = status
    }

    func outOfBandUseKey(_ user: String, _ id: String, at date: Timestamp) {
        guard let index = users[user]?.accessKeys.firstIndex(where: { $0.id == id }) else { return }
        users[user]?.accessKeys[index].lastUse = .at(date)
    }

    func outOfBandDeleteKey(_ user: String, _ id: String) { users[user]?.accessKeys.removeAll { $0.id == id } }

    /// Moves the fake's clock, which dates the keys it creates, by `days`.
    func advance(days: Int) { now = now.adding(days: days) }

    func outOfBandUntagUser(_ user: String, _ key: String) { users[user]?.tags.removeAll { $0.key == key } }

    func outOfBandTagUser(_ user: String, _ tags: [KeyValue]) {
        let merged = Self.merged(users[user]?.tags ?? [], tags)
        users[user]?.tags = merged
    }

    func outOfBandUntagPolicy(_ arn: String, _ key: String) { policies[arn]?.tags.removeAll { $0.key == key } }

    func outOfBandEditPolicy(_ arn: String, _ document: PolicyDocument) throws { try addVersion(arn, document) }

    func outOfBandDeleteUser(_ name: String) { users[name] = nil }

    // MARK: - Rules

    private func begin(_ action: String, _ subjects: String...) async throws(IAMOperationError) {
        calls.append(([action] + subjects).joined(separator: " "))
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if latency > .zero {
            try? await Task.sleep(for: latency)
        } else {
            await Task.yield()
        }
        let description = ([action] + subjects).joined(separator: " ")
        if let index = failures.firstIndex(where: {
            $0.action == action && ($0.subject.map(description.contains) ?? true)
        }) {
            let failure = failures[index]
            if let remaining = failure.remaining {
                if remaining <= 1 { failures.remove(at: index) } else { failures[index].remaining = remaining - 1 }
            }
            inFlight -= 1
            throw Self.error(failure.code, "\(description): injected \(failure.code)")
        }
        for subject in subjects {
            guard let count = hidden[subject], count > 0 else { continue }
            hidden[subject] = count - 1
            inFlight -= 1
            throw Self.error("NoSuchEntity", "\(description): \(subject) not found (not yet visible)")
        }
    }

    private func end() { inFlight -= 1 }

    private func hide(_ subject: String) {
        if hideAfterCreate > 0 { hidden[subject] = hideAfterCreate }
    }

    private static func error(_ code: String, _ message: String) -> IAMOperationError {
        IAMOperationError(code: code, message: "\(message) (\(code))")
    }

    private static func merged(_ current: [KeyValue], _ new: [KeyValue]) -> [KeyValue] {
        var result = current.filter { old in !new.contains { $0.key == old.key } }
        result += new
        return result
    }

    private func user(_ name: String) throws(IAMOperationError) -> User {
        guard let user = users[name] else { throw Self.error("NoSuchEntity", "user \(name) not found") }
        return user
    }

    private func requireUser(_ name: String) throws(IAMOperationError) { _ = try user(name) }

    private func policy(_ arn: String) throws(IAMOperationError) -> Policy {
        guard let policy = policies[arn] else { throw Self.error("NoSuchEntity", "policy \(arn) not found") }
        return policy
    }

    private func createKeyNow(_ userName: String) throws(IAMOperationError) -> Key {
        guard try user(userName).accessKeys.count < 2 else {
            throw Self.error("LimitExceeded", "CreateAccessKey \(userName): a user can have at most 2 access keys")
        }
        let key = Key(id: "AKIAFAKE\(nextID)", status: .active, createDate: now)
        nextID += 1
        users[userName]?.accessKeys.append(key)
        maxKeysPerUser = max(maxKeysPerUser, users[userName]?.accessKeys.count ?? 0)
        return key
    }

    private func createUserNow(name: String, path: String, tags: [KeyValue]) throws(IAMOperationError) {
        guard !users.keys.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw Self.error("EntityAlreadyExists", "CreateUser \(name): user already exists")
        }
        users[name] = User(name: name, path: path, id: "AIDAFAKE\(nextID)", tags: tags)
        nextID += 1
    }

    private func createPolicyNow(
        name: String,
        path: String,
        document: PolicyDocument,
        description: String?,
        tags: [KeyValue]
    ) throws(IAMOperationError) -> Policy {
        guard !policies.values.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw Self.error("EntityAlreadyExists", "CreatePolicy \(name): policy already exists")
        }
        let policy = Policy(
            name: name,
            path: path,
            description: description,
            tags: tags,
            versions: [("v1", document)],
            defaultVersion: "v1",
            nextVersion: 2
        )
        policies[policy.arn] = policy
        return policy
    }

    private func addVersion(_ arn: String, _ document: PolicyDocument) throws(IAMOperationError) {
        let policy = try policy(arn)
        guard policy.versions.count < 5 else {
            throw Self.error("LimitExceeded", "CreatePolicyVersion \(arn): a policy can have at most 5 versions")
        }
        let id = "v\(policy.nextVersion)"
        policies[arn]?.versions.append((id, document))
        policies[arn]?.defaultVersion = id
        policies[arn]?.nextVersion += 1
    }

    private func attachNow(_ userName: String, _ policyARN: String) throws(IAMOperationError) {
        try requireUser(userName)
        guard policies[policyARN] != nil || awsManagedPolicies.contains(policyARN) else {
            throw Self.error("NoSuchEntity", "AttachUserPolicy: policy \(policyARN) not found")
        }
        users[userName]?.attached.insert(policyARN)
    }

    /// The versions of a policy, oldest first, with the default marked.
    func versions(of arn: String) -> [(id: String, isDefault: Bool)] {
        policies[arn]?.versions.map { ($0.id, $0.id == policies[arn]?.defaultVersion) } ?? []
    }

    /// The default document of a policy.
    func document(of arn: String) -> PolicyDocument? {
        guard let policy = policies[arn] else { return nil }
        return policy.versions.first { $0.id == policy.defaultVersion }?.document
    }
}
