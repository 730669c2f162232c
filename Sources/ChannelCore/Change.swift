/// One difference between a channel's desired and live resources, as the report shows it and the
/// planner turns it into IAM calls.
///
/// Each case carries what both need: names and ARNs to act on, and the live and desired values
/// to print. Markers: `+` creates or adds, `-` deletes or removes, `~` changes in place.
public enum Change: Sendable, Equatable {
    /// A consumer's user does not exist.
    case createUser(name: String, path: String, tags: [KeyValue])
    /// A managed user's path differs; `UpdateUser` moves it.
    case updateUserPath(user: String, live: String, desired: String)
    /// A managed user's tags differ.
    case updateUserTags(user: String, changes: [TagChange])
    /// A managed user that no manifest declares any more, with everything on it.
    case deleteUser(UserRemoval)
    /// The channel's policy does not exist.
    case createPolicy(PolicyCreation)
    /// The live default document means something else than the desired one.
    case updatePolicyDocument(PolicyDocumentUpdate)
    /// A managed policy's tags differ.
    case updatePolicyTags(policy: String, arn: String, changes: [TagChange])
    /// A managed policy that no manifest declares any more.
    case deletePolicy(PolicyRemoval)
    /// A consumer's user lacks the channel's policy. `policyARN` is nil when the policy is
    /// created by the same plan; the engine then uses the ARN the create returned.
    case attachPolicy(user: String, policy: String, policyARN: String?)
    /// A managed user has a managed policy attached that its channel does not declare.
    case detachPolicy(user: String, policyARN: String)
    /// A managed user has an inline policy; none is ever declared.
    case deleteInlinePolicy(user: String, policy: String)
    /// A managed user belongs to a group; none is ever declared.
    case removeFromGroup(user: String, group: String)
    /// A consumer's user needs a new access key (see `AccessKeyIssue.Reason`).
    case issueAccessKey(AccessKeyIssue)
    /// An access key of a managed user is to be deactivated.
    case deactivateAccessKey(AccessKeyChange)
    /// An access key of a managed user is to be deleted, after deactivating it when active.
    case deleteAccessKey(AccessKeyChange)

    /// `+`, `-` or `~`, as the text report prints it.
    public var marker: Character {
        switch self {
        case .createUser, .createPolicy, .attachPolicy, .issueAccessKey: return "+"
        case .updateUserPath, .updateUserTags, .updatePolicyDocument, .updatePolicyTags, .deactivateAccessKey:
            return "~"
        case .deleteUser, .deletePolicy, .detachPolicy, .deleteInlinePolicy, .removeFromGroup, .deleteAccessKey:
            return "-"
        }
    }

    /// A stable camel-case name of the kind of change, used as `action` in JSON output.
    public var action: String {
        switch self {
        case .createUser: return "createUser"
        case .updateUserPath: return "updateUserPath"
        case .updateUserTags: return "updateUserTags"
        case .deleteUser: return "deleteUser"
        case .createPolicy: return "createPolicy"
        case .updatePolicyDocument: return "updatePolicyDocument"
        case .updatePolicyTags: return "updatePolicyTags"
        case .deletePolicy: return "deletePolicy"
        case .attachPolicy: return "attachPolicy"
        case .detachPolicy: return "detachPolicy"
        case .deleteInlinePolicy: return "deleteInlinePolicy"
        case .removeFromGroup: return "removeFromGroup"
        case .issueAccessKey: return "issueAccessKey"
        case .deactivateAccessKey: return "deactivateAccessKey"
        case .deleteAccessKey: return "deleteAccessKey"
        }
    }

    /// A one-line summary without marker, for example `user alice` or
    /// `attach channelops-bot to user alice`.
    public var summary: String {
        switch self {
        case .createUser(let name, let path, _): return "user \(name) (path \(path))"
        case .updateUserPath(let user, let live, let desired): return "user \(user) path \(live) -> \(desired)"
        case .updateUserTags(let user, _): return "user \(user) tags"
        case .deleteUser(let removal): return "user \(removal.user.name)"
        case .createPolicy(let creation): return "policy \(creation.name) (path \(creation.path))"
        case .updatePolicyDocument(let update): return "policy \(update.policy) document"
        case .updatePolicyTags(let policy, _, _): return "policy \(policy) tags"
        case .deletePolicy(let removal): return "policy \(removal.policy.name)"
        case .attachPolicy(let user, let policy, _): return "attach \(policy) to user \(user)"
        case .detachPolicy(let user, let arn): return "detach \(arn) from user \(user)"
        case .deleteInlinePolicy(let user, let policy): return "inline policy \(policy) of user \(user)"
        case .removeFromGroup(let user, let group): return "membership of user \(user) in group \(group)"
        case .issueAccessKey(let issue): return "new access key for user \(issue.user)"
        case .deactivateAccessKey(let change): return "deactivate access key \(change.key.id) of user \(change.user)"
        case .deleteAccessKey(let change): return "access key \(change.key.id) of user \(change.user)"
        }
    }

    /// Whether the change deletes a whole user.
    public var isUserDeletion: Bool {
        if case .deleteUser = self { return true }
        return false
    }
}

/// One tag that differs: missing, extra, or with another value.
public enum TagChange: Sendable, Equatable, Comparable {
    case add(key: String, value: String)
    case change(key: String, live: String, desired: String)
    case remove(key: String, value: String)

    /// The tag key.
    public var key: String {
        switch self {
        case .add(let key, _), .change(let key, _, _), .remove(let key, _): return key
        }
    }

    /// `+ key=value`, `~ key: old -> new` or `- key=value`.
    public var line: String {
        switch self {
        case .add(let key, let value): return "+ \(key)=\(value)"
        case .change(let key, let live, let desired): return "~ \(key): \(live) -> \(desired)"
        case .remove(let key, let value): return "- \(key)=\(value)"
        }
    }

    /// Orders by key; a key appears at most once in a list of changes.
    public static func < (lhs: TagChange, rhs: TagChange) -> Bool { lhs.key < rhs.key }

    /// The changes that turn `live` tags into `desired` tags, sorted by key.
    public static func changes(from live: [KeyValue], to desired: [KeyValue]) -> [TagChange] {
        let liveByKey = Dictionary(live.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let desiredByKey = Dictionary(desired.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var result: [TagChange] = []
        for (key, value) in desiredByKey {
            if let old = liveByKey[key] {
                if old != value { result.append(.change(key: key, live: old, desired: value)) }
            } else {
                result.append(.add(key: key, value: value))
            }
        }
        for (key, value) in liveByKey where desiredByKey[key] == nil {
            result.append(.remove(key: key, value: value))
        }
        return result.sorted()
    }
}

/// What creating a policy needs.
public struct PolicyCreation: Sendable, Hashable {
    public var name: String
    public var path: String
    public var document: PolicyDocument
    public var description: String?
    public var tags: [KeyValue]

    /// Creates the record.
    public init(name: String, path: String, document: PolicyDocument, description: String?, tags: [KeyValue]) {
        self.name = name
        self.path = path
        self.document = document
        self.description = description
        self.tags = tags
    }
}

/// A new default version for a managed policy.
public struct PolicyDocumentUpdate: Sendable, Equatable {
    public var policy: String
    public var arn: String
    public var live: PolicyDocument
    public var desired: PolicyDocument
    /// The oldest non-default version, deleted first because the policy already has the five
    /// versions IAM allows; nil when there is room.
    public var versionToDelete: String?

    /// Creates the record.
    public init(
        policy: String,
        arn: String,
        live: PolicyDocument,
        desired: PolicyDocument,
        versionToDelete: String?
    ) {
        self.policy = policy
        self.arn = arn
        self.live = live
        self.desired = desired
        self.versionToDelete = versionToDelete
    }
}

/// A managed user to delete: the user as observed, which lists what must go before it.
public struct UserRemoval: Sendable, Equatable {
    public var user: LiveUser

    /// Creates the record.
    public init(user: LiveUser) {
        self.user = user
    }
}

/// A managed policy to delete, with the managed users it must first be detached from.
public struct PolicyRemoval: Sendable, Equatable {
    public var policy: LivePolicy
    /// Users managed by this instance that have the policy attached, sorted.
    public var attachedUsers: [String]

    /// Creates the record; users are sorted.
    public init(policy: LivePolicy, attachedUsers: [String]) {
        self.policy = policy
        self.attachedUsers = attachedUsers.sorted()
    }
}
