/// A new access key for a consumer's user: created, sealed at once for the recipients, and
/// delivered; see `Drift` for when one is issued.
public struct AccessKeyIssue: Sendable, Hashable {
    /// Why the user needs a new key.
    public enum Reason: Sendable, Hashable {
        /// The user has no delivered key.
        case missing
        /// The current key reached the rotation age.
        case rotation(current: String, ageDays: Int, rotateAfterDays: Int)
        /// The current delivered key is inactive. It is replaced rather than activated again,
        /// since a person may have deactivated it on purpose.
        case currentInactive(current: String)
    }

    /// The user the key is for.
    public var user: String
    /// The channel of the user's consumer.
    public var channel: String
    /// The age recipients (`age1...`) the secret is sealed for, as the manifest writes them.
    public var recipients: [String]
    /// The Secrets Manager secret that also receives the key, if any.
    public var secretsManagerName: String?
    public var reason: Reason

    /// Creates the record.
    public init(user: String, channel: String, recipients: [String], secretsManagerName: String?, reason: Reason) {
        self.user = user
        self.channel = channel
        self.recipients = recipients
        self.secretsManagerName = secretsManagerName
        self.reason = reason
    }

    /// Why the key is issued, for the report.
    public var explanation: String {
        switch reason {
        case .missing:
            return "no delivered key exists"
        case .rotation(let current, let age, let limit):
            return "\(current) is \(Self.days(age)) old; rotateAfterDays is \(limit)"
        case .currentInactive(let current):
            return "the delivered key \(current) is Inactive; a new key replaces it rather than activating it "
                + "again, in case it was deactivated on purpose"
        }
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}

/// A change to one existing access key of a managed user: deactivation or deletion, and why.
public struct AccessKeyChange: Sendable, Equatable {
    /// Why the key changes.
    public enum Reason: Sendable, Equatable {
        /// The key is not among the delivered keys: made out of band, or created by a run that
        /// stopped before delivering it. It is deactivated, when active, and deleted at once.
        case notDelivered
        /// The grace period after the key's successor was issued has ended. `successor` is nil
        /// when the successor is issued in the same run (a grace of 0 days).
        case graceEnded(successor: String?, graceDays: Int, endedAt: Timestamp)
        /// The consumer's `accessKey` is not enabled.
        case disabled
        /// The key has been inactive for a day.
        case inactive(since: Timestamp)
        /// The user has the two keys IAM allows and needs a new one: the oldest goes first.
        case makesRoom
    }

    /// The user the key belongs to.
    public var user: String
    /// The key as observed.
    public var key: LiveAccessKey
    public var reason: Reason

    /// Creates the record.
    public init(user: String, key: LiveAccessKey, reason: Reason) {
        self.user = user
        self.key = key
        self.reason = reason
    }

    /// Why the key changes, for the report.
    public var explanation: String {
        switch reason {
        case .notDelivered:
            return "not delivered by channelops: made out of band, or created by a run that stopped before "
                + "delivering it"
        case .graceEnded(let successor, let graceDays, let endedAt):
            let after = successor.map { "after \($0) was issued" } ?? "after the new key"
            return "the grace period of \(AccessKeyIssue.days(graceDays)) \(after) ended \(endedAt.rfc3339)"
        case .disabled:
            return "accessKey is not enabled for the consumer"
        case .inactive(let since):
            return "inactive since \(since.rfc3339); a retired key is deleted after a day"
        case .makesRoom:
            return "makes room for the new key: IAM allows two keys per user"
        }
    }

    /// Whether a deletion deactivates the key first.
    public var deactivatesFirst: Bool { key.isActive }
}

/// An access key as the report shows it: its age, its last use, and whether it is flagged.
public struct AccessKeyObservation: Sendable, Equatable {
    /// Active keys unused for this many days or more are flagged.
    public static let unusedDaysFlag = 90

    /// The user the key belongs to.
    public var user: String
    /// The key as observed, with its last use when read.
    public var key: LiveAccessKey
    /// Whether the key is among the delivered keys.
    public var isDelivered: Bool
    /// Days since the key was issued (delivered keys) or created; nil without a clock.
    public var ageDays: Int?
    /// Days since the key was last used, or since it was created when it never was; nil without
    /// a clock or before the last use is read.
    public var unusedDays: Int?

    /// Creates the record.
    public init(user: String, key: LiveAccessKey, isDelivered: Bool, ageDays: Int?, unusedDays: Int?) {
        self.user = user
        self.key = key
        self.isDelivered = isDelivered
        self.ageDays = ageDays
        self.unusedDays = unusedDays
    }

    /// Whether the key is active and unused for `unusedDaysFlag` days or more.
    public var isUnusedTooLong: Bool {
        key.isActive && (unusedDays ?? 0) >= Self.unusedDaysFlag
    }

    /// One line for the report, for example
    /// `user web key AKIA1: Active, delivered, 12 days old (created 2026-01-01), last used
    /// 2026-01-10`, with `; unused for 97 days` appended when flagged.
    public var line: String {
        var text = "user \(user) key \(key.id): \(key.status.rawValue), "
        text += isDelivered ? "delivered" : "not delivered"
        if let ageDays { text += ", \(AccessKeyIssue.days(ageDays)) old" }
        text += " (created \(key.createDate.date))"
        switch key.lastUse {
        case .none: break
        case .never?: text += ", never used"
        case .at(let date)?: text += ", last used \(date.date)"
        }
        if isUnusedTooLong, let unusedDays {
            text += "; unused for \(AccessKeyIssue.days(unusedDays))"
        }
        return text
    }
}
