/// Decides the access key changes of one managed user of a declared channel, from its keys as
/// read, the delivered records and the time.
///
/// The rules, in the order they apply (`Drift` documents them for users):
/// 1. A key without a delivered record is retired at once: deactivated when active, then
///    deleted.
/// 2. Without `enabled`, every delivered key is retired: an active one is deactivated, an
///    inactive one deleted once it has been inactive for `inactiveDaysBeforeDeletion`.
/// 3. With `enabled`, the delivered key issued last is the current one. An older active key is
///    deactivated once the grace period after the current key's issue has ended; an older
///    inactive key is deleted after a day of inactivity.
/// 4. A new key is issued when there is no current key, when it is inactive (it is replaced,
///    never activated again), or when it is `rotateAfterDays` old. IAM allows two keys per
///    user: while two would remain, one is deleted first, the oldest inactive one, else the
///    oldest. With a grace of 0 days, the replaced key is deactivated right after the new one
///    is delivered.
///
/// Durations of delivered keys count from `DeliveredKey.issuedAt`, of others from IAM's
/// creation date. Without a clock, nothing that depends on a date is decided.
struct AccessKeyLifecycle {
    /// A retired key stays inactive this many days before it is deleted, so that whatever still
    /// uses it fails loudly while the key can still be activated by hand.
    static let inactiveDaysBeforeDeletion = 1

    let user: String
    let channel: String
    /// The consumer's policy; disabled when the manifest has no block.
    let policy: AccessKeyPolicy
    /// The user's keys, oldest first.
    let keys: [LiveAccessKey]
    /// Delivered records by key id.
    let delivered: [String: DeliveredKey]
    let now: Timestamp?

    /// The changes, in the order the rules above produce them.
    func changes() -> [Change] {
        var changes: [Change] = []

        // Keys channelops did not deliver go at once.
        var ours: [LiveAccessKey] = []
        for key in keys {
            if delivered[key.id] == nil {
                changes.append(.deleteAccessKey(AccessKeyChange(user: user, key: key, reason: .notDelivered)))
            } else {
                ours.append(key)
            }
        }

        // Without enabled, every delivered key is retired.
        guard policy.isEnabled else {
            for key in ours {
                if key.isActive {
                    changes.append(.deactivateAccessKey(AccessKeyChange(user: user, key: key, reason: .disabled)))
                } else if let deletion = deletionAfterInactivity(key) {
                    changes.append(deletion)
                }
            }
            return changes
        }

        // The newest delivered key is current. Issue times order them: in a rehearsal with the
        // clock set ahead, IAM's creation dates are real times and may even be equal.
        ours.sort { (issuedAt($0), $0.createDate, $0.id) < (issuedAt($1), $1.createDate, $1.id) }

        // Older keys run out their grace, then their day of inactivity.
        let current = ours.last
        var kept: [LiveAccessKey] = []
        for key in ours.dropLast() {
            if !key.isActive, let deletion = deletionAfterInactivity(key) {
                changes.append(deletion)
                continue
            }
            if key.isActive, let current, let now {
                let end = issuedAt(current).adding(days: policy.rotationGraceDays)
                if now >= end {
                    let reason = AccessKeyChange.Reason.graceEnded(
                        successor: current.id, graceDays: policy.rotationGraceDays, endedAt: end)
                    changes.append(.deactivateAccessKey(AccessKeyChange(user: user, key: key, reason: reason)))
                }
            }
            kept.append(key)
        }
        if let current { kept.append(current) }

        // A new key when there is none, the current one is inactive, or it is due to rotate.
        guard let reason = issueReason(current) else { return changes }
        while kept.count >= 2 {
            let index = kept.firstIndex { !$0.isActive } ?? kept.startIndex
            let oldest = kept.remove(at: index)
            changes.removeAll { $0.accessKeyID == oldest.id }
            changes.append(.deleteAccessKey(AccessKeyChange(user: user, key: oldest, reason: .makesRoom)))
        }
        changes.append(
            .issueAccessKey(
                AccessKeyIssue(
                    user: user,
                    channel: channel,
                    recipients: policy.recipients,
                    secretsManagerName: policy.secretsManagerName,
                    reason: reason
                )))
        if case .rotation = reason, policy.rotationGraceDays == 0, let current, current.isActive, let now,
            kept.contains(current)
        {
            let reason = AccessKeyChange.Reason.graceEnded(successor: nil, graceDays: 0, endedAt: now)
            changes.append(.deactivateAccessKey(AccessKeyChange(user: user, key: current, reason: reason)))
        }
        return changes
    }

    /// The report's view of each key, in the order they were issued (created, for keys not
    /// delivered).
    func observations() -> [AccessKeyObservation] {
        let ordered = keys.sorted {
            (issuedAt($0), $0.createDate, $0.id) < (issuedAt($1), $1.createDate, $1.id)
        }
        return ordered.map { key in
            var unused: Int?
            if let now {
                switch key.lastUse {
                case .none: unused = nil
                case .never?: unused = now.days(since: key.createDate)
                case .at(let date)?: unused = now.days(since: date)
                }
            }
            return AccessKeyObservation(
                user: user,
                key: key,
                isDelivered: delivered[key.id] != nil,
                ageDays: now.map { $0.days(since: issuedAt(key)) },
                unusedDays: unused
            )
        }
    }

    private func issueReason(_ current: LiveAccessKey?) -> AccessKeyIssue.Reason? {
        guard let current else { return .missing }
        guard current.isActive else { return .currentInactive(current: current.id) }
        guard let limit = policy.rotateAfterDays, let now else { return nil }
        let age = now.days(since: issuedAt(current))
        return age >= limit ? .rotation(current: current.id, ageDays: age, rotateAfterDays: limit) : nil
    }

    /// The deletion of an inactive key that has been inactive long enough, counted from when it
    /// was first seen inactive (now, when this run is the first).
    private func deletionAfterInactivity(_ key: LiveAccessKey) -> Change? {
        guard let now else { return nil }
        let since = delivered[key.id]?.inactiveSince ?? now
        guard now >= since.adding(days: Self.inactiveDaysBeforeDeletion) else { return nil }
        return .deleteAccessKey(AccessKeyChange(user: user, key: key, reason: .inactive(since: since)))
    }

    private func issuedAt(_ key: LiveAccessKey) -> Timestamp {
        delivered[key.id]?.issuedAt ?? key.createDate
    }
}

extension Change {
    /// The access key a key change acts on; nil for other changes and for an issue.
    var accessKeyID: String? {
        switch self {
        case .deactivateAccessKey(let change), .deleteAccessKey(let change): return change.key.id
        default: return nil
        }
    }
}
