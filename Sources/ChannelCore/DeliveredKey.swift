/// An access key that channelops issued and delivered, as the status in git records it.
///
/// The record is what makes a key channelops's own: a key on a managed user without a record
/// was made out of band, or was created by a run that stopped before delivering it, and is
/// retired (see `Drift`). The status writer keeps one entry per record in
/// `status/<channel>.yaml` and passes all of them back in `DriftOptions.deliveredAccessKeys`
/// on the next run. A record holds no secret.
public struct DeliveredKey: Sendable, Hashable {
    /// The IAM user the key belongs to.
    public var user: String
    /// The channel of the consumer the key was issued for.
    public var channel: String
    /// The access key id (`AKIA...`); not a secret.
    public var accessKeyID: String
    /// When IAM created the key.
    public var createDate: Timestamp
    /// When channelops issued the key, by the reconciler's clock (`CHANNELOPS_NOW` when set).
    ///
    /// The key's age, its rotation and the grace of the key it replaced count from here, so
    /// that a rehearsal with a clock set ahead stays consistent with itself; against AWS it is
    /// the creation time within seconds.
    public var issuedAt: Timestamp
    /// The key's status when last observed.
    public var status: LiveAccessKey.Status
    /// When channelops first saw the key inactive: it deactivated the key, or found it so.
    ///
    /// Nil while the key is active. A retired key is deleted one day after this.
    public var inactiveSince: Timestamp?

    /// Creates a record; `issuedAt` is `createDate` unless given.
    public init(
        user: String,
        channel: String,
        accessKeyID: String,
        createDate: Timestamp,
        issuedAt: Timestamp? = nil,
        status: LiveAccessKey.Status = .active,
        inactiveSince: Timestamp? = nil
    ) {
        self.user = user
        self.channel = channel
        self.accessKeyID = accessKeyID
        self.createDate = createDate
        self.issuedAt = issuedAt ?? createDate
        self.status = status
        self.inactiveSince = inactiveSince
    }

    /// The records after a run, from the records before it and what the run observed.
    ///
    /// A record whose user's keys were read in `live` keeps its entry only while the key
    /// exists; its status is the observed one, and `inactiveSince` is kept while the key stays
    /// inactive, set to `now` when it is first seen inactive, and cleared when it is active. Its
    /// channel is the user's `channelops:channel` tag, so a consumer moved to another channel
    /// takes its keys' records along. A
    /// record whose user is gone from `live` is dropped; one whose user's keys were not read is
    /// kept as it is. The result is sorted by user, then creation, then id.
    public static func refreshed(_ records: [DeliveredKey], live: LiveState, now: Timestamp) -> [DeliveredKey] {
        var result: [DeliveredKey] = []
        for record in records {
            guard let user = live.users[record.user] else { continue }
            guard let keys = user.accessKeys else {
                result.append(record)
                continue
            }
            guard let key = keys.first(where: { $0.id == record.accessKeyID }) else { continue }
            var refreshed = record.observed(key.status, now: now)
            refreshed.channel = user.tag(Rendering.channelTagKey) ?? record.channel
            result.append(refreshed)
        }
        return sorted(result)
    }

    /// The record with the status observed at `now`.
    public func observed(_ status: LiveAccessKey.Status, now: Timestamp) -> DeliveredKey {
        var record = self
        record.status = status
        record.inactiveSince = status == .inactive ? (inactiveSince ?? now) : nil
        return record
    }

    /// Records sorted by user, then creation, then id, one per key id (the last wins).
    public static func sorted(_ records: [DeliveredKey]) -> [DeliveredKey] {
        let unique = Dictionary(records.map { ($0.accessKeyID, $0) }, uniquingKeysWith: { $1 })
        return unique.values.sorted {
            ($0.user, $0.createDate, $0.accessKeyID) < ($1.user, $1.createDate, $1.accessKeyID)
        }
    }
}
