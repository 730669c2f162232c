/// The differences between the desired state and live IAM, per channel: what to change, what
/// blocks a channel, and what is kept.
///
/// Ownership follows the contract: a user or policy is this instance's iff it carries
/// `channelops:managed-by=<instance>`, and nothing else is ever changed. For each channel of the
/// desired state:
/// - a missing user or policy is created, and each missing attachment added;
/// - on a managed user, the path and tags are set as rendered, and everything not declared is
///   removed: other attached managed policies, inline policies, group memberships;
/// - on a managed policy, a document that means something else (`PolicyDocument.isEquivalent`:
///   reordered or re-encoded JSON is never drift) gets a new default version, and tags are set
///   as rendered;
/// - a desired name held by a user or policy the instance does not manage, by a managed one of
///   an invalid channel, or by a policy at another path, is a conflict: the channel gets no
///   changes at all. Names are looked up as IAM compares them, without case: a live user or
///   policy whose name differs from the desired one only in case is a conflict too, managed or
///   not, and is not pruned.
///
/// Managed resources that no channel declares (removed consumers, and every resource of a
/// channel whose manifest is gone) are deleted, unless kept as `RetainedResource`s: their
/// channel is protected, pruning is off, or a manifest file is unreadable. A managed policy to
/// delete that is still attached to something the instance does not manage is a conflict.
/// Resources of invalid channels are neither changed nor deleted nor reported.
///
/// Access keys are compared for a consumer's user when its keys are known: they are read for
/// users whose consumer has an `accessKey` block or who hold a delivered key
/// (`DriftOptions.deliveredAccessKeys`), and for every managed user of a declared channel with
/// `DriftOptions.verifyAllAccessKeys`. A key without a delivered record (made out of band, or
/// created by a run that stopped before delivering it) is deactivated and deleted. Without
/// `enabled`, delivered keys are deactivated, then deleted after a day of inactivity. With
/// `enabled`, the delivered key issued last is current; a new key is issued when there is none, when
/// it is inactive (replaced, never activated again) or when it is `rotateAfterDays` old; an
/// older key is deactivated when `rotationGraceDays` have passed since the current key was
/// issued, and deleted after a day of inactivity; IAM's two keys per user are never exceeded:
/// the oldest inactive key, else the oldest, makes room first. Dates count against
/// `DriftOptions.now`. Every key read is listed with its age and last use in
/// `ChannelDrift.accessKeys`.
///
/// The result is a pure function of the inputs: channels are sorted by name, changes within a
/// channel by kind (user creations and updates, policy creations and updates, attachments,
/// removals from users, policy deletions, user deletions) and then by name.
public struct Drift: Sendable, Equatable {
    /// The instance whose resources were compared.
    public var instance: String
    /// Every declared or invalid channel, and every channel with resources to delete, by name.
    public var channels: [ChannelDrift]
    /// Resources kept although no manifest declares them, sorted.
    public var retained: [RetainedResource]
    /// Run-wide remarks for the report, such as pruning being suspended.
    public var notices: [String]
    /// Reads still needed before this drift is final.
    ///
    /// Empty when it is final. See `SupplementalRead`.
    public var requiredReads: [SupplementalRead]
    /// How many live users this instance manages, for the mass-deletion guard.
    public var managedUserCount: Int
    /// How many channels the manifests declare, valid or not.
    public var declaredChannelCount: Int

    /// Compares `desired` with `live` (see the type's documentation for the rules).
    public init(desired: DesiredState, live: LiveState, options: DriftOptions = DriftOptions()) {
        var builder = DriftBuilder(desired: desired, live: live, options: options)
        builder.build()
        instance = desired.instance
        channels = builder.channelDrifts
        retained = builder.retained.sorted()
        notices = builder.notices
        requiredReads = builder.reads.sorted()
        managedUserCount = builder.managedUserCount
        declaredChannelCount = builder.declaredChannelCount
    }

    /// Whether any channel has changes to make.
    public var hasChanges: Bool { channels.contains { !$0.changes.isEmpty } }

    /// Whether any channel is blocked by a conflict.
    public var hasConflicts: Bool { channels.contains { !$0.conflicts.isEmpty } }

    /// Whether the drift needs no further read to be final.
    public var isFinal: Bool { requiredReads.isEmpty }

    /// How many changes all channels have together.
    public var changeCount: Int { channels.reduce(0) { $0 + $1.changes.count } }

    /// The drift of one channel, if it is listed.
    public func channel(_ name: String) -> ChannelDrift? {
        channels.first { $0.channel == name }
    }
}

/// The messages of conflicts, notes and notices, kept together so that their texts stay alike.
package enum DriftMessage {
    static func unmanaged(_ kind: String, _ name: String, instance: String) -> String {
        "\(kind) '\(name)' exists but is not managed by channelops instance '\(instance)' (no tag "
            + "\(Rendering.managedByTagKey)=\(instance)); rename what the manifest declares, or delete "
            + "the \(kind) or tag it to adopt it"
    }

    static func foreign(_ kind: String, _ name: String, owner: String) -> String {
        "\(kind) '\(name)' is managed by channelops instance '\(owner)'; rename what the manifest "
            + "declares, or remove it from that instance first"
    }

    static func frozenOwner(_ kind: String, _ name: String, channel: String) -> String {
        "\(kind) '\(name)' belongs to channel '\(channel)', whose manifest is invalid; fix that "
            + "manifest first"
    }

    static func policyPath(_ name: String, path: String) -> String {
        "policy '\(name)' exists with path \(path), not \(Rendering.path), and IAM cannot move a "
            + "policy; rename the channel, or delete that policy, then run again"
    }

    static func policyInUse(_ name: String, holders: [String]) -> String {
        "policy '\(name)' is to be deleted but is attached to \(holders.joined(separator: ", ")), "
            + "which this instance may not change; detach it from them, then run again"
    }

    static func otherCase(_ kind: String, desired: String, live: String) -> String {
        let remedy =
            kind == "user"
            ? "name the consumer exactly '\(live)', or delete or rename that user"
            : "rename the channel, or delete that policy"
        return "\(kind) '\(live)' exists and differs from '\(desired)' only in case, which IAM treats as "
            + "the same name; \(remedy)"
    }

    static func description(_ name: String, live: String, desired: String) -> String {
        "policy '\(name)' has the description \(quoted(live)), not \(quoted(desired)); IAM cannot "
            + "change a policy's description, so it is kept"
    }

    static func pruneSuspended(_ files: [String]) -> String {
        let count = files.count == 1 ? "1 manifest file" : "\(files.count) manifest files"
        return "\(count) could not be read (\(files.joined(separator: ", "))), so nothing is "
            + "deleted in this run"
    }

    static func unknownKeys(_ user: String, channel: String) -> String {
        "the access keys of user \(user) are left as they are: the status of channel '\(channel)' cannot be "
            + "read, so which keys channelops delivered is unknown; repair status/\(channel).yaml (without it "
            + "the keys count as not delivered and are deleted)"
    }

    private static func quoted(_ text: String) -> String { text.isEmpty ? "(none)" : "'\(text)'" }
}

/// Who owns a user or policy, from its tags.
private enum Ownership: Equatable {
    case managed(channel: String)
    case foreign(owner: String)
    case unmanaged
    /// A policy whose tags have not been read.
    case unknown
}

/// A live resource found under a desired name as IAM compares names: without case.
private enum Holder<Resource> {
    /// Nothing holds the name.
    case none
    /// A resource of exactly that name.
    case exact(Resource)
    /// A resource whose name differs only in case; it blocks the desired one.
    case otherCase(name: String)
}

/// The mutable work of `Drift.init`, split into steps.
private struct DriftBuilder {
    let desired: DesiredState
    let live: LiveState
    let options: DriftOptions
    var instance: String { desired.instance }

    var drifts: [String: ChannelDrift] = [:]
    var retained: [RetainedResource] = []
    var notices: [String] = []
    var reads: Set<SupplementalRead> = []
    var managedUserCount = 0
    var declaredChannelCount = 0

    /// Delivered key records by key id, and the users that hold one.
    let delivered: [String: DeliveredKey]
    let usersWithDeliveredKeys: Set<String>

    /// The desired resources by channel, so that each channel's comparison is linear.
    let usersByChannel: [String: [DesiredUser]]
    let policiesByChannel: [String: [DesiredPolicy]]
    let attachmentsByUser: [String: [DesiredAttachment]]
    /// Live names by their lower-cased form, since IAM keeps names unique without case.
    let userNamesByKey: [String: [String]]
    let policyNamesByKey: [String: [String]]

    init(desired: DesiredState, live: LiveState, options: DriftOptions) {
        self.desired = desired
        self.live = live
        self.options = options
        usersByChannel = Dictionary(grouping: desired.users, by: \.channel)
        policiesByChannel = Dictionary(grouping: desired.policies, by: \.channel)
        attachmentsByUser = Dictionary(grouping: desired.attachments, by: \.user)
        delivered = Dictionary(options.deliveredAccessKeys.map { ($0.accessKeyID, $0) }, uniquingKeysWith: { $1 })
        usersWithDeliveredKeys = Set(options.deliveredAccessKeys.map(\.user))
        userNamesByKey = Dictionary(grouping: live.users.keys.sorted()) { $0.lowercased() }
        policyNamesByKey = Dictionary(grouping: live.policies.keys.sorted()) { $0.lowercased() }
    }

    /// The live user under `name` as IAM compares names.
    func liveUser(_ name: String) -> Holder<LiveUser> {
        if let user = live.users[name] { return .exact(user) }
        guard let other = userNamesByKey[name.lowercased()]?.first else { return .none }
        return .otherCase(name: other)
    }

    /// The live policy under `name` as IAM compares names.
    func livePolicy(_ name: String) -> Holder<LivePolicy> {
        if let policy = live.policies[name] { return .exact(policy) }
        guard let other = policyNamesByKey[name.lowercased()]?.first else { return .none }
        return .otherCase(name: other)
    }

    var channelDrifts: [ChannelDrift] {
        drifts.values.sorted { $0.channel < $1.channel }
    }

    /// The declared channels that are not frozen.
    var desiredChannels: Set<String> {
        Set(desired.users.map(\.channel) + desired.policies.map(\.channel) + desired.attachments.map(\.channel))
            .subtracting(options.invalidChannels)
    }

    mutating func build() {
        // Count what the mass-deletion guard weighs.
        let declared = desiredChannels
        declaredChannelCount = declared.union(options.invalidChannels).count
        managedUserCount =
            live.users.values.filter {
                if case .managed = ownership(tags: $0.tags) { return true }
                return false
            }.count

        // Frozen channels are listed and left alone.
        for channel in options.invalidChannels {
            drifts[channel] = ChannelDrift(channel: channel, isInvalid: true)
        }

        // Compare each declared channel with what it finds under its names.
        for channel in declared.sorted() {
            diffDeclaredChannel(channel)
        }

        // Delete or retain the managed resources no channel declares.
        // A name is claimed without case: a resource spelt otherwise blocks its channel and stays.
        let claimedUsers = Set(desired.users.filter { declared.contains($0.channel) }.map { $0.name.lowercased() })
        let claimedPolicies = Set(
            desired.policies.filter { declared.contains($0.channel) }.map { $0.name.lowercased() })
        collectUndeclaredUsers(claimed: claimedUsers)
        collectUndeclaredPolicies(claimed: claimedPolicies)
        if !options.unreadableFiles.isEmpty {
            notices.append(DriftMessage.pruneSuspended(options.unreadableFiles.sorted()))
        }

        // A blocked channel changes nothing; the rest is put in report order.
        for (name, var drift) in drifts {
            if !drift.conflicts.isEmpty { drift.changes = [] }
            drift.changes.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
            // By user; each user's keys keep the order they were issued in.
            drift.accessKeys = drift.accessKeys.enumerated()
                .sorted { ($0.element.user, $0.offset) < ($1.element.user, $1.offset) }
                .map(\.element)
            drifts[name] = drift
        }
    }

    func ownership(tags: [KeyValue]) -> Ownership {
        guard let owner = tags.first(where: { $0.key == Rendering.managedByTagKey })?.value else {
            return .unmanaged
        }
        guard owner == instance else { return .foreign(owner: owner) }
        return .managed(channel: tags.first { $0.key == Rendering.channelTagKey }?.value ?? "")
    }

    func ownership(of policy: LivePolicy) -> Ownership {
        guard case .known(let tags) = policy.tags else { return .unknown }
        return ownership(tags: tags)
    }

    /// Whether resources of `channel` are frozen; resources without a channel tag are when any
    /// channel is invalid, since they may be one of its.
    func isFrozen(_ channel: String) -> Bool {
        options.invalidChannels.contains(channel) || (channel.isEmpty && !options.invalidChannels.isEmpty)
    }

    func retentionReason(_ channel: String) -> RetainedResource.Reason? {
        if options.protectedChannels.contains(channel) { return .protected }
        if !options.prune { return .pruneDisabled }
        if !options.unreadableFiles.isEmpty { return .manifestsUnreadable }
        return nil
    }

    /// The conflict, if any, of a desired name held by a resource of this ownership.
    func conflict(_ kind: String, _ name: String, _ owner: Ownership, channel: String) -> String? {
        switch owner {
        case .unmanaged: return DriftMessage.unmanaged(kind, name, instance: instance)
        case .foreign(let other): return DriftMessage.foreign(kind, name, owner: other)
        case .managed(let holder) where holder != channel && options.invalidChannels.contains(holder):
            return DriftMessage.frozenOwner(kind, name, channel: holder)
        case .managed, .unknown: return nil
        }
    }

    mutating func record(_ channel: String, change: Change? = nil, conflict: String? = nil, note: String? = nil) {
        var drift = drifts[channel] ?? ChannelDrift(channel: channel)
        if let change { drift.changes.append(change) }
        if let conflict { drift.conflicts.append(conflict) }
        if let note { drift.notes.append(note) }
        drifts[channel] = drift
    }
}

extension DriftBuilder {
    mutating func diffDeclaredChannel(_ channel: String) {
        drifts[channel] = drifts[channel] ?? ChannelDrift(channel: channel)

        // The channel's policies first: attachments need to know their ARNs.
        var policyARNs: [String: String?] = [:]
        var presumedPolicies: Set<String> = []
        for policy in policiesByChannel[channel] ?? [] {
            guard let resolved = diffDesiredPolicy(policy) else { continue }
            policyARNs[policy.name] = resolved.arn
            if resolved.isPresumed { presumedPolicies.insert(policy.name) }
        }

        // Then the users, with their attachments and whatever else is on them.
        for user in usersByChannel[channel] ?? [] {
            let attachments = (attachmentsByUser[user.name] ?? []).filter { $0.channel == channel }
            let attached = diffDesiredUser(user, attachments: attachments, policyARNs: policyARNs)
            for name in attached where presumedPolicies.contains(name) {
                if let arn = live.policies[name]?.arn { reads.insert(.policyTags(policyARN: arn)) }
            }
        }

        // The snapshot has no policy tags, but the channel's users carry the same ones: when
        // theirs differ from what is desired (spec.tags changed, say), the policy's are read
        // too, so the change reaches the policy in the same run.
        // Limitation: a tag changed out of band on the policy alone, its users untouched, is
        // found only with --verify-policy-tags (one ListPolicyTags call per policy).
        for policy in policiesByChannel[channel] ?? [] where presumedPolicies.contains(policy.name) {
            let usersDiffer = (usersByChannel[channel] ?? []).contains { user in
                guard let current = live.users[user.name] else { return false }
                return !TagChange.changes(from: current.tags, to: user.tags).isEmpty
                    || !TagChange.changes(from: current.tags, to: policy.tags).isEmpty
            }
            if usersDiffer, let arn = live.policies[policy.name]?.arn { reads.insert(.policyTags(policyARN: arn)) }
        }
    }

    /// Compares one desired policy; returns its ARN (nil: created by the plan) and whether its
    /// ownership is presumed, or nil on a conflict.
    mutating func diffDesiredPolicy(_ policy: DesiredPolicy) -> (arn: String?, isPresumed: Bool)? {
        let channel = policy.channel
        let current: LivePolicy
        switch livePolicy(policy.name) {
        case .exact(let found):
            current = found
        case .otherCase(let other):
            record(channel, conflict: DriftMessage.otherCase("policy", desired: policy.name, live: other))
            return nil
        case .none:
            let creation = PolicyCreation(
                name: policy.name,
                path: policy.path,
                document: policy.document,
                description: policy.description,
                tags: policy.tags
            )
            record(channel, change: .createPolicy(creation))
            return (nil, false)
        }

        let owner = ownership(of: current)
        if let message = conflict("policy", policy.name, owner, channel: channel) {
            record(channel, conflict: message)
            return nil
        }
        guard current.path == policy.path else {
            record(channel, conflict: DriftMessage.policyPath(policy.name, path: current.path))
            return nil
        }
        let isPresumed = owner == .unknown
        if isPresumed, options.verifyAllPolicyTags { reads.insert(.policyTags(policyARN: current.arn)) }

        if !current.document.isEquivalent(to: policy.document) {
            if isPresumed { reads.insert(.policyTags(policyARN: current.arn)) }
            let update = PolicyDocumentUpdate(
                policy: policy.name,
                arn: current.arn,
                live: current.document,
                desired: policy.document,
                versionToDelete: current.versions.count >= 5 ? current.oldestNonDefaultVersion?.id : nil
            )
            record(channel, change: .updatePolicyDocument(update))
        }
        if case .known(let tags) = current.tags {
            let changes = TagChange.changes(from: tags, to: policy.tags)
            if !changes.isEmpty {
                record(channel, change: .updatePolicyTags(policy: policy.name, arn: current.arn, changes: changes))
            }
        }
        // Limitation: a changed spec.description is reported, never applied: IAM sets a policy's
        // description only at creation, and recreating the policy would leave its users without
        // permissions for a moment.
        let liveDescription = current.description ?? ""
        let desiredDescription = policy.description ?? ""
        if liveDescription != desiredDescription {
            let note = DriftMessage.description(policy.name, live: liveDescription, desired: desiredDescription)
            record(channel, note: note)
        }
        return (current.arn, isPresumed)
    }

    /// Compares one desired user with its attachments; returns the names of the policies that
    /// get attached to it.
    mutating func diffDesiredUser(
        _ user: DesiredUser,
        attachments: [DesiredAttachment],
        policyARNs: [String: String?]
    ) -> [String] {
        let channel = user.channel
        let current: LiveUser
        switch liveUser(user.name) {
        case .exact(let found):
            current = found
        case .otherCase(let other):
            record(channel, conflict: DriftMessage.otherCase("user", desired: user.name, live: other))
            return []
        case .none:
            record(channel, change: .createUser(name: user.name, path: user.path, tags: user.tags))
            for attachment in attachments {
                guard let arn = policyARNs[attachment.policy] else { continue }
                record(channel, change: .attachPolicy(user: user.name, policy: attachment.policy, policyARN: arn))
            }
            diffAccessKeys(user, keys: [])
            return attachments.map(\.policy)
        }

        if let message = conflict("user", user.name, ownership(tags: current.tags), channel: channel) {
            record(channel, conflict: message)
            return []
        }
        if current.path != user.path {
            record(channel, change: .updateUserPath(user: user.name, live: current.path, desired: user.path))
        }
        let tagChanges = TagChange.changes(from: current.tags, to: user.tags)
        if !tagChanges.isEmpty {
            record(channel, change: .updateUserTags(user: user.name, changes: tagChanges))
        }

        // Attach what is missing, detach every other managed policy.
        var attachedNow: [String] = []
        var declaredARNs: Set<String> = []
        for attachment in attachments {
            guard let arn = policyARNs[attachment.policy] else { continue }
            if let arn {
                declaredARNs.insert(arn)
                if current.attachedPolicyARNs.contains(arn) { continue }
            }
            attachedNow.append(attachment.policy)
            record(channel, change: .attachPolicy(user: user.name, policy: attachment.policy, policyARN: arn))
        }
        for arn in current.attachedPolicyARNs where !declaredARNs.contains(arn) {
            record(channel, change: .detachPolicy(user: user.name, policyARN: arn))
        }
        for name in current.inlinePolicyNames {
            record(channel, change: .deleteInlinePolicy(user: user.name, policy: name))
        }
        for group in current.groupNames {
            record(channel, change: .removeFromGroup(user: user.name, group: group))
        }

        // The user's access keys, read only where channelops manages them.
        // Limitation: keys made by hand on a user whose consumer has no accessKey block and who
        // holds no delivered key are not read (unless verifyAllAccessKeys), so they are neither
        // reported nor retired; that saves one ListAccessKeys per such user and run.
        if user.accessKey != nil || usersWithDeliveredKeys.contains(user.name) || options.verifyAllAccessKeys
            || options.channelsWithUnknownKeys.contains(user.channel)
        {
            if let keys = current.accessKeys {
                diffAccessKeys(user, keys: keys)
            } else {
                reads.insert(.accessKeys(userName: user.name))
            }
        }
        return attachedNow
    }

    /// Records the key changes and the report's key lines of a consumer's user whose keys are
    /// known (none for a user still to create), and asks for the keys' last use.
    mutating func diffAccessKeys(_ user: DesiredUser, keys: [LiveAccessKey]) {
        let lifecycle = AccessKeyLifecycle(
            user: user.name,
            channel: user.channel,
            policy: user.accessKey ?? AccessKeyPolicy(),
            keys: keys,
            delivered: delivered,
            now: options.now
        )
        if options.channelsWithUnknownKeys.contains(user.channel) {
            record(user.channel, note: DriftMessage.unknownKeys(user.name, channel: user.channel))
        } else {
            for change in lifecycle.changes() {
                record(user.channel, change: change)
            }
        }
        for key in keys where key.lastUse == nil {
            reads.insert(.accessKeyLastUse(userName: user.name, accessKeyID: key.id))
        }
        var drift = drifts[user.channel] ?? ChannelDrift(channel: user.channel)
        drift.accessKeys += lifecycle.observations()
        drifts[user.channel] = drift
    }
}

extension DriftBuilder {
    mutating func collectUndeclaredUsers(claimed: Set<String>) {
        let undeclared = live.users.values.filter { !claimed.contains($0.name.lowercased()) }
        for user in undeclared.sorted(by: { $0.name < $1.name }) {
            guard case .managed(let channel) = ownership(tags: user.tags), !isFrozen(channel) else { continue }
            if let reason = retentionReason(channel) {
                retained.append(
                    RetainedResource(channel: channel, kind: .user, name: user.name, arn: user.arn, reason: reason)
                )
                continue
            }
            if user.accessKeyIDs == nil { reads.insert(.accessKeys(userName: user.name)) }
            record(channel, change: .deleteUser(UserRemoval(user: user)))
        }
    }

    mutating func collectUndeclaredPolicies(claimed: Set<String>) {
        let undeclared = live.policies.values.filter { !claimed.contains($0.name.lowercased()) }
        for policy in undeclared.sorted(by: { $0.name < $1.name }) {
            let channel: String
            switch ownership(of: policy) {
            case .managed(let tagged):
                channel = tagged
            case .unknown:
                // Read the tags of what looks like a channel's policy; decide once they are known.
                guard policy.path == Rendering.path else { continue }
                if options.verifyAllPolicyTags {
                    reads.insert(.policyTags(policyARN: policy.arn))
                    continue
                }
                guard policy.name.hasPrefix(Rendering.policyNamePrefix) else { continue }
                // Limitation: when several instances share an account, every run reads the tags
                // of the other instances' channelops-* policies (one ListPolicyTags each) before
                // leaving them alone, since only the tags tell whose they are.
                if !isFrozen(String(policy.name.dropFirst(Rendering.policyNamePrefix.count))) {
                    reads.insert(.policyTags(policyARN: policy.arn))
                }
                continue
            case .foreign, .unmanaged:
                continue
            }
            guard !isFrozen(channel) else { continue }
            if let reason = retentionReason(channel) {
                retained.append(
                    RetainedResource(
                        channel: channel, kind: .policy, name: policy.name, arn: policy.arn, reason: reason)
                )
                continue
            }
            removePolicy(policy, channel: channel)
        }
    }

    /// Deletes a managed policy after detaching it from managed users, or reports a conflict when
    /// it is attached to anything this instance may not change.
    mutating func removePolicy(_ policy: LivePolicy, channel: String) {
        let holders = live.users.values.filter { $0.attachedPolicyARNs.contains(policy.arn) }
        var mayDetach: [String] = []
        var blocked: [String] = []
        for user in holders.sorted(by: { $0.name < $1.name }) {
            if case .managed(let holderChannel) = ownership(tags: user.tags), !isFrozen(holderChannel) {
                mayDetach.append(user.name)
            } else {
                blocked.append("user \(user.name)")
            }
        }
        let others = policy.attachmentCount - holders.count
        if others > 0 {
            blocked.append(others == 1 ? "1 group or role" : "\(others) groups or roles")
        }
        guard blocked.isEmpty else {
            record(channel, conflict: DriftMessage.policyInUse(policy.name, holders: blocked))
            return
        }
        record(channel, change: .deletePolicy(PolicyRemoval(policy: policy, attachedUsers: mayDetach)))
    }
}

extension Change {
    /// Report order: kind first (see `Drift`), then the names the change is about.
    var sortKey: [String] {
        switch self {
        case .createUser(let name, _, _): return ["00", name]
        case .updateUserPath(let user, _, _): return ["01", user]
        case .updateUserTags(let user, _): return ["02", user]
        case .createPolicy(let creation): return ["03", creation.name]
        case .updatePolicyDocument(let update): return ["04", update.policy]
        case .updatePolicyTags(let policy, _, _): return ["05", policy]
        case .attachPolicy(let user, let policy, _): return ["06", user, policy]
        case .deleteAccessKey(let change): return ["07", change.user, change.key.id]
        case .issueAccessKey(let issue): return ["08", issue.user]
        case .deactivateAccessKey(let change): return ["09", change.user, change.key.id]
        case .detachPolicy(let user, let arn): return ["10", user, arn]
        case .deleteInlinePolicy(let user, let policy): return ["11", user, policy]
        case .removeFromGroup(let user, let group): return ["12", user, group]
        case .deletePolicy(let removal): return ["13", removal.policy.name]
        case .deleteUser(let removal): return ["14", removal.user.name]
        }
    }
}
