/// The IAM account as the reconciler observed it: users and customer managed policies.
///
/// One `GetAccountAuthorizationDetails` read (filtered to users and local managed policies)
/// fills nearly all of it. Two things that read does not return are modelled as possibly
/// unknown and fetched only where a decision needs them (see `SupplementalRead`): the tags of a
/// managed policy, and a user's access keys with their last use. Users and policies are keyed by name, which IAM
/// keeps unique in an account whatever the path.
public struct LiveState: Sendable, Equatable {
    /// Users by name.
    public var users: [String: LiveUser]
    /// Customer managed policies by name.
    public var policies: [String: LivePolicy]

    /// Creates a state from lists; a later entry replaces an earlier one of the same name.
    public init(users: [LiveUser] = [], policies: [LivePolicy] = []) {
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, new in new })
        self.policies = Dictionary(policies.map { ($0.name, $0) }, uniquingKeysWith: { _, new in new })
    }

    /// The policy with this ARN, if it is a customer managed policy of the account.
    public func policy(arn: String) -> LivePolicy? {
        policies.values.first { $0.arn == arn }
    }

    /// Records the tags of the policy with this ARN as read by `ListPolicyTags`.
    public mutating func setPolicyTags(_ tags: [KeyValue], arn: String) {
        // The name is the ARN's last path segment, which finds the policy without a search.
        let name = String(arn.split(separator: "/").last ?? "")
        guard policies[name]?.arn == arn else { return }
        policies[name]?.tags = .known(tags.sorted { $0.key < $1.key })
    }

    /// Records the access keys of a user as read by `ListAccessKeys`, keeping the last use of
    /// keys already read.
    public mutating func setAccessKeys(_ keys: [LiveAccessKey], user: String) {
        guard var current = users[user] else { return }
        let known = Dictionary((current.accessKeys ?? []).map { ($0.id, $0.lastUse) }, uniquingKeysWith: { $1 })
        current.accessKeys = keys.map { key in
            var key = key
            if key.lastUse == nil, let lastUse = known[key.id] { key.lastUse = lastUse }
            return key
        }
        users[user] = current
    }

    /// Records the last use of one of a user's keys as read by `GetAccessKeyLastUsed`.
    public mutating func setAccessKeyLastUse(_ lastUse: LiveAccessKey.LastUse, accessKeyID: String, user: String) {
        guard let index = users[user]?.accessKeys?.firstIndex(where: { $0.id == accessKeyID }) else { return }
        users[user]?.accessKeys?[index].lastUse = lastUse
    }

    /// The users and policies of one channel that `instance` manages, sorted by name, for the
    /// status.
    ///
    /// A policy whose tags are unknown counts when it has the channel's policy name and the
    /// channelops path, as the drift presumes.
    public func resources(ofChannel channel: String, instance: String) -> (users: [LiveUser], policies: [LivePolicy]) {
        func isChannels(_ tags: [KeyValue]) -> Bool {
            tags.contains(KeyValue(Rendering.managedByTagKey, instance))
                && tags.contains(KeyValue(Rendering.channelTagKey, channel))
        }
        let channelUsers = users.values.filter { isChannels($0.tags) }.sorted { $0.name < $1.name }
        let channelPolicies = policies.values.filter { policy in
            switch policy.tags {
            case .known(let tags): return isChannels(tags)
            case .unknown:
                return policy.name == Rendering.policyName(forChannel: channel) && policy.path == Rendering.path
            }
        }
        return (channelUsers, channelPolicies.sorted { $0.name < $1.name })
    }
}

/// An IAM user as observed.
public struct LiveUser: Sendable, Equatable {
    public var name: String
    public var path: String
    public var arn: String
    /// IAM's unique id (`AIDA...`).
    public var userID: String
    /// Tags sorted by key.
    public var tags: [KeyValue]
    /// ARNs of the managed policies attached to the user, AWS managed ones included, sorted.
    public var attachedPolicyARNs: [String]
    /// Names of the user's inline policies, sorted.
    public var inlinePolicyNames: [String]
    /// Names of the groups the user belongs to, sorted.
    public var groupNames: [String]
    /// `CreateDate` as IAM returned it (ISO 8601, UTC).
    public var createDate: String
    /// The user's access keys, oldest first; nil until read, since the account snapshot omits
    /// them.
    public var accessKeys: [LiveAccessKey]? {
        didSet { accessKeys?.sort(by: LiveAccessKey.isOrderedBefore) }
    }

    /// The ids of the user's access keys, sorted; nil until read.
    public var accessKeyIDs: [String]? { accessKeys?.map(\.id).sorted() }

    /// Creates a user; list properties are sorted so that equal users compare equal.
    public init(
        name: String,
        path: String = "/",
        arn: String,
        userID: String = "",
        tags: [KeyValue] = [],
        attachedPolicyARNs: [String] = [],
        inlinePolicyNames: [String] = [],
        groupNames: [String] = [],
        createDate: String = "",
        accessKeys: [LiveAccessKey]? = nil
    ) {
        self.name = name
        self.path = path
        self.arn = arn
        self.userID = userID
        self.tags = tags.sorted { $0.key < $1.key }
        self.attachedPolicyARNs = attachedPolicyARNs.sorted()
        self.inlinePolicyNames = inlinePolicyNames.sorted()
        self.groupNames = groupNames.sorted()
        self.createDate = createDate
        self.accessKeys = accessKeys?.sorted(by: LiveAccessKey.isOrderedBefore)
    }

    /// The value of the tag with this key, if the user has it.
    public func tag(_ key: String) -> String? {
        tags.first { $0.key == key }?.value
    }
}

/// A customer managed policy as observed.
public struct LivePolicy: Sendable, Equatable {
    /// A policy's tags: known once read, unknown after the account snapshot alone.
    public enum Tags: Sendable, Equatable {
        /// Not read yet: `GetAccountAuthorizationDetails` does not return managed policy tags.
        case unknown
        /// As returned by `ListPolicyTags`, sorted by key.
        case known([KeyValue])
    }

    /// One stored version of the policy.
    public struct Version: Sendable, Equatable {
        /// `v1`, `v2`, …; IAM never reuses a number within a policy.
        public var id: String
        public var isDefault: Bool
        /// `CreateDate` as IAM returned it (ISO 8601, UTC).
        public var createDate: String

        /// Creates a version record.
        public init(id: String, isDefault: Bool, createDate: String = "") {
            self.id = id
            self.isDefault = isDefault
            self.createDate = createDate
        }

        /// The number in the id (`v7` gives 7); versions are ordered by it, oldest first.
        public var number: Int { Int(id.dropFirst()) ?? 0 }
    }

    public var name: String
    public var path: String
    public var arn: String
    /// The id of the default version.
    public var defaultVersionID: String
    /// The default version's document.
    public var document: PolicyDocument
    /// Every stored version, oldest first.
    public var versions: [Version]
    public var tags: Tags
    /// How many users, groups and roles the policy is attached to, as IAM counts.
    public var attachmentCount: Int
    /// Set when the policy was created; IAM cannot change it afterwards.
    public var description: String?

    /// Creates a policy record; versions are put in order and known tags sorted.
    public init(
        name: String,
        path: String = "/",
        arn: String,
        defaultVersionID: String = "v1",
        document: PolicyDocument,
        versions: [Version]? = nil,
        tags: Tags = .unknown,
        attachmentCount: Int = 0,
        description: String? = nil
    ) {
        self.name = name
        self.path = path
        self.arn = arn
        self.defaultVersionID = defaultVersionID
        self.document = document
        self.versions = (versions ?? [Version(id: defaultVersionID, isDefault: true)])
            .sorted { $0.number < $1.number }
        if case .known(let list) = tags {
            self.tags = .known(list.sorted { $0.key < $1.key })
        } else {
            self.tags = tags
        }
        self.attachmentCount = attachmentCount
        self.description = description
    }

    /// The value of the tag with this key; nil when absent or when the tags are unknown.
    public func tag(_ key: String) -> String? {
        guard case .known(let list) = tags else { return nil }
        return list.first { $0.key == key }?.value
    }

    /// The oldest version that is not the default, which IAM lets us delete to make room.
    public var oldestNonDefaultVersion: Version? {
        versions.first { !$0.isDefault }
    }
}
