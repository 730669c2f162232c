/// The IAM resources a set of channels asks for: users, managed policies and attachments.
///
/// Produced by `render(_:instance:)`; lists are in a fixed order (see there), so equal input
/// gives equal values and byte-identical output.
public struct DesiredState: Sendable, Equatable {
    /// The instance whose `channelops:managed-by` tag every resource carries.
    public var instance: String
    /// One user per consumer: channels by name, consumers in manifest order.
    public var users: [DesiredUser]
    /// One policy per channel, by channel name.
    public var policies: [DesiredPolicy]
    /// One attachment per user, in the order of `users`.
    public var attachments: [DesiredAttachment]

    /// Creates a state; empty unless lists are given.
    public init(
        instance: String,
        users: [DesiredUser] = [],
        policies: [DesiredPolicy] = [],
        attachments: [DesiredAttachment] = []
    ) {
        self.instance = instance
        self.users = users
        self.policies = policies
        self.attachments = attachments
    }
}

/// An IAM user a channel asks for: one per consumer.
public struct DesiredUser: Sendable, Equatable {
    /// The consumer's name, used as the user name exactly.
    public var name: String
    /// The user's IAM path, `/channelops/`.
    public var path: String
    /// The channel the user belongs to.
    public var channel: String
    /// `channelops:managed-by`, `channelops:channel`, then `spec.tags` in their order.
    public var tags: [KeyValue]
    /// The consumer's `accessKey` block; nil when the manifest has none, which means the same
    /// as `enabled: false`.
    public var accessKey: AccessKeyPolicy?

    /// Creates a user from its parts.
    public init(name: String, path: String, channel: String, tags: [KeyValue], accessKey: AccessKeyPolicy? = nil) {
        self.name = name
        self.path = path
        self.channel = channel
        self.tags = tags
        self.accessKey = accessKey
    }
}

/// The customer managed policy a channel asks for: one per channel.
public struct DesiredPolicy: Sendable, Equatable {
    /// `channelops-<channel>`.
    public var name: String
    /// The policy's IAM path, `/channelops/`.
    public var path: String
    /// The channel the policy belongs to.
    public var channel: String
    /// The channel's `spec.description`, if any.
    ///
    /// IAM sets a policy's description only when it creates the policy.
    public var description: String?
    /// The document, one statement per permission in manifest order.
    public var document: PolicyDocument
    /// The same tags as the channel's users.
    public var tags: [KeyValue]

    /// Creates a policy from its parts.
    public init(
        name: String,
        path: String,
        channel: String,
        description: String?,
        document: PolicyDocument,
        tags: [KeyValue]
    ) {
        self.name = name
        self.path = path
        self.channel = channel
        self.description = description
        self.document = document
        self.tags = tags
    }
}

/// The attachment of a channel's policy to one of the channel's users.
public struct DesiredAttachment: Sendable, Equatable {
    /// The user's name.
    public var user: String
    /// The policy's name (not its ARN, which depends on the account).
    public var policy: String
    /// The channel both belong to.
    public var channel: String

    /// Creates an attachment from its parts.
    public init(user: String, policy: String, channel: String) {
        self.user = user
        self.policy = policy
        self.channel = channel
    }
}
