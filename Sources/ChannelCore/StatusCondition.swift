/// One condition of a channel's status, in the manner of Kubernetes controllers: a type, whether
/// it holds, the reason, a message for people and the git revision it was observed at.
public struct StatusCondition: Sendable, Equatable {
    /// Whether a condition holds.
    public enum Status: String, Sendable, Equatable {
        case isTrue = "True"
        case isFalse = "False"
        case unknown = "Unknown"
    }

    /// `Ready` or `Synced` (see `StatusConditionType`).
    public var type: String
    /// Whether the condition holds.
    public var status: Status
    /// One of `StatusReason`'s constants.
    public var reason: String
    /// Why, for people.
    public var message: String
    /// The commit whose manifests were reconciled.
    public var revision: String

    /// Creates a condition.
    public init(type: String, status: Status, reason: String, message: String, revision: String) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.revision = revision
    }
}
