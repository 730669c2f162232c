/// A channel as declared by one manifest document, after decoding and validation.
///
/// Lists keep the order the user wrote; maps are stored as key-sorted pairs so that equal
/// manifests give equal values and identical output.
public struct Channel: Sendable, Equatable {
    /// `metadata.name`: 1–40 of `a-z`, `0-9` and `-`, starting and ending with a letter or digit.
    public var name: String
    public var labels: [KeyValue]
    public var description: String?
    public var consumers: [Consumer]
    public var permissions: [Permission]
    /// `spec.tags`, without the two `channelops:` tags that rendering adds.
    public var tags: [KeyValue]
    /// True: the channel's resources are never deleted, even when its manifest is gone.
    public var protect: Bool
    /// Where the channel's document starts.
    public var location: SourceLocation

    public init(
        name: String,
        labels: [KeyValue] = [],
        description: String? = nil,
        consumers: [Consumer],
        permissions: [Permission],
        tags: [KeyValue] = [],
        protect: Bool = false,
        location: SourceLocation
    ) {
        self.name = name
        self.labels = labels
        self.description = description
        self.consumers = consumers
        self.permissions = permissions
        self.tags = tags
        self.protect = protect
        self.location = location
    }
}

/// A string key and value, as in labels and tags.
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A client of a channel: it becomes one IAM user of exactly this name.
public struct Consumer: Sendable, Equatable {
    public var name: String
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// One entry of `spec.permissions`; it becomes one statement of the channel's policy.
public struct Permission: Sendable, Equatable {
    public enum Effect: String, Sendable, Equatable {
        case allow = "Allow"
        case deny = "Deny"
    }

    public var sid: String?
    public var effect: Effect
    /// `service:Action` strings in the order written.
    public var actions: [String]
    /// ARNs or `*`, in the order written.
    public var resources: [String]
    /// The IAM Condition block as written: operator, then condition key, then one or more values.
    public var conditions: [ConditionOperator]
    public var location: SourceLocation

    public init(
        sid: String? = nil,
        effect: Effect = .allow,
        actions: [String],
        resources: [String],
        conditions: [ConditionOperator] = [],
        location: SourceLocation
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
        self.location = location
    }
}

/// One operator of an IAM Condition block, such as `StringEquals`, with its keys and values.
public struct ConditionOperator: Sendable, Equatable {
    /// One condition key and its values.
    ///
    /// `isList` keeps whether the user wrote a list, so that a single value renders back the way
    /// it was written.
    public struct Clause: Sendable, Equatable {
        public var key: String
        public var values: [String]
        public var isList: Bool

        public init(key: String, values: [String], isList: Bool) {
            self.key = key
            self.values = values
            self.isList = isList
        }
    }

    public var name: String
    public var clauses: [Clause]

    public init(name: String, clauses: [Clause]) {
        self.name = name
        self.clauses = clauses
    }
}
