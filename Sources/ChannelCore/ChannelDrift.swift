/// How one channel stands, as the report and the status show it.
public enum ChannelPhase: String, Sendable, Equatable, CaseIterable {
    /// Live IAM matches the manifest.
    case inSync = "InSync"
    /// Live IAM differs from the manifest (or the channel's resources are to be pruned).
    case drifted = "Drifted"
    /// An apply left something undone; set from the apply's result, never by the drift alone.
    case failed = "Failed"
    /// The manifest does not parse, validate or render; the channel's resources are frozen.
    case invalid = "Invalid"
    /// A desired name is held by a resource this instance does not manage, or a resource to
    /// delete is in use by one; nothing of the channel is changed.
    case conflict = "Conflict"
}

/// The differences of one channel, with what blocks it and what is only worth a mention.
public struct ChannelDrift: Sendable, Equatable {
    /// The channel's name; empty for managed resources whose `channelops:channel` tag is missing.
    public var channel: String
    /// True when the channel's manifest is invalid: it has no changes then.
    public var isInvalid: Bool
    /// The changes that make live IAM match, in report order (see `Drift`).
    public var changes: [Change]
    /// Why the channel cannot be reconciled; when non-empty, `changes` is empty.
    public var conflicts: [String]
    /// Differences that are reported but not changed and do not count as drift.
    public var notes: [String]
    /// The access keys read for the channel's users, by user and then in the order they were
    /// issued, with their age and last use; they do not count as drift.
    public var accessKeys: [AccessKeyObservation]

    /// Creates a record.
    public init(
        channel: String,
        isInvalid: Bool = false,
        changes: [Change] = [],
        conflicts: [String] = [],
        notes: [String] = [],
        accessKeys: [AccessKeyObservation] = []
    ) {
        self.channel = channel
        self.isInvalid = isInvalid
        self.changes = changes
        self.conflicts = conflicts
        self.notes = notes
        self.accessKeys = accessKeys
    }

    /// `Invalid`, else `Conflict`, else `Drifted` when there are changes, else `InSync`.
    public var phase: ChannelPhase {
        if isInvalid { return .invalid }
        if !conflicts.isEmpty { return .conflict }
        return changes.isEmpty ? .inSync : .drifted
    }
}

/// A managed resource that pruning would delete but that is kept, and why.
public struct RetainedResource: Sendable, Equatable, Comparable {
    /// Why a resource is kept.
    public enum Reason: String, Sendable, Equatable, Comparable {
        /// Its channel is `protect: true` (now, or when last applied).
        case protected
        /// `--no-prune` was given.
        case pruneDisabled
        /// A manifest file could not be read, so no deletion is safe.
        case manifestsUnreadable

        /// The reason as the report prints it.
        public var explanation: String {
            switch self {
            case .protected: return "protect: true"
            case .pruneDisabled: return "--no-prune"
            case .manifestsUnreadable: return "a manifest file could not be read"
            }
        }

        public static func < (lhs: Reason, rhs: Reason) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `user` or `policy`.
    public enum Kind: String, Sendable, Equatable, Comparable {
        case user
        case policy

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var channel: String
    public var kind: Kind
    public var name: String
    public var arn: String
    public var reason: Reason

    /// Creates a record.
    public init(channel: String, kind: Kind, name: String, arn: String, reason: Reason) {
        self.channel = channel
        self.kind = kind
        self.name = name
        self.arn = arn
        self.reason = reason
    }

    /// Orders by channel, then kind, then name.
    public static func < (lhs: RetainedResource, rhs: RetainedResource) -> Bool {
        (lhs.channel, lhs.kind.rawValue, lhs.name) < (rhs.channel, rhs.kind.rawValue, rhs.name)
    }
}
