/// What `status/<channel>.yaml` records about one channel after a reconcile.
///
/// It describes the state the run left, never the changes it made, so two runs that leave the
/// same state write the same file apart from `lastReconciled`. It holds names, ARNs, phases and
/// messages only: never a secret, never an access key id.
public struct ChannelStatus: Sendable, Equatable {
    /// The `apiVersion` written at the top of the file.
    public static let apiVersion = "channelops.io/v1"
    /// The `kind` written at the top of the file.
    public static let kind = "ChannelStatus"

    /// A user or policy of the channel as IAM reported it.
    public struct Resource: Sendable, Equatable {
        /// The user or policy name.
        public var name: String
        /// Its ARN, as IAM reported it.
        public var arn: String

        /// Creates a record.
        public init(name: String, arn: String) {
            self.name = name
            self.arn = arn
        }
    }

    /// The channel's name, also the file's name.
    public var channel: String
    /// The instance that manages the channel's resources.
    public var instance: String
    /// The full id of the commit whose manifests were reconciled.
    public var observedCommit: String
    /// How the channel stands after the run.
    public var phase: StatusPhase
    /// Why the channel is in its phase, for people.
    public var message: String
    /// When the run ended, RFC 3339 in UTC (`2024-05-01T12:00:00Z`); supplied by the caller.
    public var lastReconciled: String
    /// Whether the channel's resources are never deleted: `protect: true` in its manifest, or,
    /// for a channel whose manifest is gone or invalid, in the status of the last run.
    public var protect: Bool
    /// The channel's users, sorted by name.
    public var users: [Resource]
    /// The channel's managed policies, sorted by name (one, unless IAM holds strays).
    public var policies: [Resource]
    /// `Ready`, then `Synced`.
    public var conditions: [StatusCondition]

    /// Creates a status.
    public init(
        channel: String,
        instance: String,
        observedCommit: String,
        phase: StatusPhase,
        message: String,
        lastReconciled: String,
        protect: Bool,
        users: [Resource] = [],
        policies: [Resource] = [],
        conditions: [StatusCondition] = []
    ) {
        self.channel = channel
        self.instance = instance
        self.observedCommit = observedCommit
        self.phase = phase
        self.message = message
        self.lastReconciled = lastReconciled
        self.protect = protect
        self.users = users
        self.policies = policies
        self.conditions = conditions
    }

    /// The file's path relative to `status/`: `<channel>.yaml`.
    public var fileName: String { channel + ".yaml" }

    /// The file's text: a YAML block document with the keys in a fixed order.
    ///
    /// The same status always gives the same bytes.
    public func yamlText() -> String {
        func resources(_ list: [Resource]) -> JSONValue {
            .array(list.map { .object([.init("name", .string($0.name)), .init("arn", .string($0.arn))]) })
        }
        let conditions = self.conditions.map { condition in
            JSONValue.object([
                .init("type", .string(condition.type)),
                .init("status", .string(condition.status.rawValue)),
                .init("reason", .string(condition.reason)),
                .init("message", .string(condition.message)),
                .init("revision", .string(condition.revision)),
            ])
        }
        let document = JSONValue.object([
            .init("apiVersion", .string(Self.apiVersion)),
            .init("kind", .string(Self.kind)),
            .init("channel", .string(channel)),
            .init("instance", .string(instance)),
            .init("observedCommit", .string(observedCommit)),
            .init("phase", .string(phase.rawValue)),
            .init("message", .string(message)),
            .init(Self.lastReconciledKey, .string(lastReconciled)),
            .init("protect", .bool(protect)),
            .init("users", resources(users)),
            .init("policies", resources(policies)),
            .init("conditions", .array(conditions)),
        ])
        return document.yamlText()
    }

    /// The key of the timestamp, the one field a comparison of two runs ignores.
    static let lastReconciledKey = "lastReconciled"
}
