/// One IAM call of a plan, with everything needed to make it and to print it.
public enum PlanStep: Sendable, Hashable {
    case createUser(name: String, path: String, tags: [KeyValue])
    case updateUser(name: String, newPath: String)
    /// Adds tags or replaces their values.
    case tagUser(name: String, tags: [KeyValue])
    case untagUser(name: String, keys: [String])
    case createPolicy(PolicyCreation)
    /// Sets the document as the new default version.
    case createPolicyVersion(policyARN: String, document: PolicyDocument)
    case deletePolicyVersion(policyARN: String, versionID: String)
    case tagPolicy(policyARN: String, tags: [KeyValue])
    case untagPolicy(policyARN: String, keys: [String])
    /// `policyARN` is nil when the policy is created earlier in the same channel's steps; the
    /// engine uses the ARN that create returned.
    case attachUserPolicy(userName: String, policyName: String, policyARN: String?)
    case detachUserPolicy(userName: String, policyARN: String)
    case deleteUserPolicy(userName: String, policyName: String)
    case removeUserFromGroup(userName: String, groupName: String)
    /// Creates a key, seals its secret at once for the issue's recipients and delivers it; the
    /// engine deletes the key again when sealing or delivery fails.
    case createAccessKey(AccessKeyIssue)
    case updateAccessKey(userName: String, accessKeyID: String, status: LiveAccessKey.Status)
    case deleteAccessKey(userName: String, accessKeyID: String)
    case deletePolicy(policyARN: String)
    case deleteUser(name: String)

    /// The IAM action the step calls, as AWS spells it.
    public var action: String {
        switch self {
        case .createUser: return "CreateUser"
        case .updateUser: return "UpdateUser"
        case .tagUser: return "TagUser"
        case .untagUser: return "UntagUser"
        case .createPolicy: return "CreatePolicy"
        case .createPolicyVersion: return "CreatePolicyVersion"
        case .deletePolicyVersion: return "DeletePolicyVersion"
        case .tagPolicy: return "TagPolicy"
        case .untagPolicy: return "UntagPolicy"
        case .attachUserPolicy: return "AttachUserPolicy"
        case .detachUserPolicy: return "DetachUserPolicy"
        case .deleteUserPolicy: return "DeleteUserPolicy"
        case .removeUserFromGroup: return "RemoveUserFromGroup"
        case .createAccessKey: return "CreateAccessKey"
        case .updateAccessKey: return "UpdateAccessKey"
        case .deleteAccessKey: return "DeleteAccessKey"
        case .deletePolicy: return "DeletePolicy"
        case .deleteUser: return "DeleteUser"
        }
    }

    /// The step's subject as `key=value` pairs, for logs and messages: `user`, `policy`, `version`,
    /// `group`, `key`, `status`, `path` and `tags` (keys only, never values).
    public var subject: [(key: String, value: String)] {
        switch self {
        case .createUser(let name, let path, _): return [("user", name), ("path", path)]
        case .updateUser(let name, let newPath): return [("user", name), ("path", newPath)]
        case .tagUser(let name, let tags): return [("user", name), ("tags", tags.map(\.key).joined(separator: ","))]
        case .untagUser(let name, let keys): return [("user", name), ("tags", keys.joined(separator: ","))]
        case .createPolicy(let creation): return [("policy", creation.name), ("path", creation.path)]
        case .createPolicyVersion(let arn, _): return [("policy", arn)]
        case .deletePolicyVersion(let arn, let version): return [("policy", arn), ("version", version)]
        case .tagPolicy(let arn, let tags): return [("policy", arn), ("tags", tags.map(\.key).joined(separator: ","))]
        case .untagPolicy(let arn, let keys): return [("policy", arn), ("tags", keys.joined(separator: ","))]
        case .attachUserPolicy(let user, let name, let arn): return [("user", user), ("policy", arn ?? name)]
        case .detachUserPolicy(let user, let arn): return [("user", user), ("policy", arn)]
        case .deleteUserPolicy(let user, let name): return [("user", user), ("policy", name)]
        case .removeUserFromGroup(let user, let group): return [("user", user), ("group", group)]
        case .createAccessKey(let issue): return [("user", issue.user)]
        case .updateAccessKey(let user, let key, let status):
            return [("user", user), ("key", key), ("status", status.rawValue)]
        case .deleteAccessKey(let user, let key): return [("user", user), ("key", key)]
        case .deletePolicy(let arn): return [("policy", arn)]
        case .deleteUser(let name): return [("user", name)]
        }
    }

    /// The action and its subject on one line, such as `CreateUser user=alice path=/channelops/`.
    public var summary: String {
        ([action] + subject.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }

    /// Whether the step removes something, so that IAM answering `NoSuchEntity` means the work
    /// is already done; deactivating a key that is gone counts.
    public var isRemoval: Bool {
        switch self {
        case .updateAccessKey(_, _, let status):
            return status == .inactive
        case .deletePolicyVersion, .detachUserPolicy, .deleteUserPolicy, .removeUserFromGroup, .deleteAccessKey,
            .deletePolicy, .deleteUser:
            return true
        default:
            return false
        }
    }
}
