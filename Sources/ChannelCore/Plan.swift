/// The IAM calls that make live IAM match the manifests: per channel, steps in the order they
/// must run.
///
/// Within a channel the order is: create users, move and tag users, create the policy, make room
/// for and add a new default version, tag the policy, attach, then the access keys: deactivate
/// and delete the keys that go at once, issue a new key, deactivate keys whose time has come;
/// then the removals: detach, delete inline policies, leave groups, delete access keys, delete a
/// deleted policy's other versions, delete policies, delete users. So a user gains its new
/// permissions before losing old ones, and nothing is deleted while IAM would refuse it. Steps
/// of one kind are sorted by their subject, and a step that two changes need (a detach before both a user and a policy
/// deletion) appears once. Channels are sorted by name; the same drift always gives the same
/// plan. Each channel's steps split into a building part and a removal part
/// (`ChannelPlan.buildingSteps`, `ChannelPlan.removalSteps`), so that an apply can run every
/// channel's building part before any removal: a consumer moved from one channel to another (a
/// renamed channel) gets its new policy before the old one is detached.
public struct Plan: Sendable, Equatable {
    /// Channels with at least one step, sorted by name.
    public var channels: [ChannelPlan]

    /// Plans the changes of every channel of `drift`, or refuses a mass deletion.
    ///
    /// - Throws: `MassDeletionRefusal` when the drift deletes more than 10 managed users and
    ///   more than half of them, or deletes managed users while no channel is declared at all,
    ///   unless `allowMassDelete` is true.
    public init(drift: Drift, allowMassDelete: Bool = false) throws(MassDeletionRefusal) {
        if !allowMassDelete, let refusal = MassDeletionRefusal(drift: drift) { throw refusal }
        channels = drift.channels.compactMap { channel in
            let steps = Self.steps(for: channel.changes)
            return steps.isEmpty ? nil : ChannelPlan(channel: channel.channel, steps: steps)
        }
    }

    /// Creates a plan from channel plans as given; for tests and for re-running what was left.
    public init(channels: [ChannelPlan]) {
        self.channels = channels
    }

    /// How many IAM calls the plan makes when all goes well.
    public var stepCount: Int { channels.reduce(0) { $0 + $1.steps.count } }

    /// Whether there is nothing to do.
    public var isEmpty: Bool { channels.isEmpty }

    /// The ordered steps for one channel's changes.
    public static func steps(for changes: [Change]) -> [PlanStep] {
        var ranked: [(rank: Int, key: String, step: PlanStep)] = []
        for change in changes {
            for (rank, step) in rankedSteps(for: change) {
                ranked.append((rank, step.summary, step))
            }
        }
        ranked.sort { ($0.rank, $0.key) < ($1.rank, $1.key) }
        var steps: [PlanStep] = []
        var seen: Set<PlanStep> = []
        for entry in ranked where seen.insert(entry.step).inserted {
            steps.append(entry.step)
        }
        return steps
    }

    private static func rankedSteps(for change: Change) -> [(Int, PlanStep)] {
        switch change {
        case .createUser(let name, let path, let tags):
            return [(Rank.createUser, .createUser(name: name, path: path, tags: tags))]
        case .updateUserPath(let user, _, let desired):
            return [(Rank.updateUser, .updateUser(name: user, newPath: desired))]
        case .updateUserTags(let user, let changes):
            return tagSteps(changes, rank: (Rank.tagUser, Rank.untagUser)) { tags, keys in
                if let tags { return .tagUser(name: user, tags: tags) }
                return .untagUser(name: user, keys: keys)
            }
        case .createPolicy(let creation):
            return [(Rank.createPolicy, .createPolicy(creation))]
        case .updatePolicyDocument(let update):
            var steps: [(Int, PlanStep)] = []
            if let version = update.versionToDelete {
                steps.append((Rank.makeRoom, .deletePolicyVersion(policyARN: update.arn, versionID: version)))
            }
            steps.append((Rank.createVersion, .createPolicyVersion(policyARN: update.arn, document: update.desired)))
            return steps
        case .updatePolicyTags(_, let arn, let changes):
            return tagSteps(changes, rank: (Rank.tagPolicy, Rank.untagPolicy)) { tags, keys in
                if let tags { return .tagPolicy(policyARN: arn, tags: tags) }
                return .untagPolicy(policyARN: arn, keys: keys)
            }
        case .attachPolicy(let user, let policy, let arn):
            return [(Rank.attach, .attachUserPolicy(userName: user, policyName: policy, policyARN: arn))]
        case .detachPolicy(let user, let arn):
            return [(Rank.detach, .detachUserPolicy(userName: user, policyARN: arn))]
        case .deleteInlinePolicy(let user, let policy):
            return [(Rank.deleteInline, .deleteUserPolicy(userName: user, policyName: policy))]
        case .removeFromGroup(let user, let group):
            return [(Rank.leaveGroup, .removeUserFromGroup(userName: user, groupName: group))]
        case .deletePolicy(let removal):
            return policyRemovalSteps(removal)
        case .deleteUser(let removal):
            return userRemovalSteps(removal.user)
        case .deleteAccessKey(let change):
            var steps: [(Int, PlanStep)] = []
            if change.deactivatesFirst {
                steps.append(
                    (
                        Rank.retireKeyDeactivate,
                        .updateAccessKey(userName: change.user, accessKeyID: change.key.id, status: .inactive)
                    ))
            }
            steps.append((Rank.retireKeyDelete, .deleteAccessKey(userName: change.user, accessKeyID: change.key.id)))
            return steps
        case .issueAccessKey(let issue):
            return [(Rank.issueKey, .createAccessKey(issue))]
        case .deactivateAccessKey(let change):
            return [
                (
                    Rank.deactivateKey,
                    .updateAccessKey(userName: change.user, accessKeyID: change.key.id, status: .inactive)
                )
            ]
        }
    }

    private static func tagSteps(
        _ changes: [TagChange],
        rank: (tag: Int, untag: Int),
        make: ([KeyValue]?, [String]) -> PlanStep
    ) -> [(Int, PlanStep)] {
        var tags: [KeyValue] = []
        var keys: [String] = []
        for change in changes {
            switch change {
            case .add(let key, let value), .change(let key, _, let value): tags.append(KeyValue(key, value))
            case .remove(let key, _): keys.append(key)
            }
        }
        var steps: [(Int, PlanStep)] = []
        if !tags.isEmpty { steps.append((rank.tag, make(tags, []))) }
        if !keys.isEmpty { steps.append((rank.untag, make(nil, keys))) }
        return steps
    }

    private static func policyRemovalSteps(_ removal: PolicyRemoval) -> [(Int, PlanStep)] {
        let arn = removal.policy.arn
        var steps: [(Int, PlanStep)] = removal.attachedUsers.map {
            (Rank.detach, .detachUserPolicy(userName: $0, policyARN: arn))
        }
        for version in removal.policy.versions where !version.isDefault {
            steps.append((Rank.deleteVersion, .deletePolicyVersion(policyARN: arn, versionID: version.id)))
        }
        steps.append((Rank.deletePolicy, .deletePolicy(policyARN: arn)))
        return steps
    }

    private static func userRemovalSteps(_ user: LiveUser) -> [(Int, PlanStep)] {
        var steps: [(Int, PlanStep)] = user.attachedPolicyARNs.map {
            (Rank.detach, .detachUserPolicy(userName: user.name, policyARN: $0))
        }
        steps += user.inlinePolicyNames.map {
            (Rank.deleteInline, .deleteUserPolicy(userName: user.name, policyName: $0))
        }
        steps += user.groupNames.map { (Rank.leaveGroup, .removeUserFromGroup(userName: user.name, groupName: $0)) }
        // Limitation: login profiles, MFA devices, signing certificates, SSH keys and
        // service-specific credentials are not read, so a user that has one fails to delete
        // with DeleteConflict and the channel reports it.
        steps += (user.accessKeyIDs ?? []).map {
            (Rank.deleteAccessKey, .deleteAccessKey(userName: user.name, accessKeyID: $0))
        }
        steps.append((Rank.deleteUser, .deleteUser(name: user.name)))
        return steps
    }

    /// The position of each kind of step within a channel's plan.
    private enum Rank {
        static let createUser = 0
        static let updateUser = 1
        static let tagUser = 2
        static let untagUser = 3
        static let createPolicy = 4
        static let makeRoom = 5
        static let createVersion = 6
        static let tagPolicy = 7
        static let untagPolicy = 8
        static let attach = 9
        static let retireKeyDeactivate = 10
        static let retireKeyDelete = 11
        static let issueKey = 12
        static let deactivateKey = 13
        static let detach = 14
        static let deleteInline = 15
        static let leaveGroup = 16
        static let deleteAccessKey = 17
        static let deleteVersion = 18
        static let deletePolicy = 19
        static let deleteUser = 20
    }
}

/// The steps of one channel, run in order.
public struct ChannelPlan: Sendable, Equatable {
    public var channel: String
    public var steps: [PlanStep]

    /// Creates a channel plan.
    public init(channel: String, steps: [PlanStep]) {
        self.channel = channel
        self.steps = steps
    }

    /// The steps up to the first removal: creations, updates, tags and attachments, with the
    /// deletion of an old version that makes room for a new one.
    public var buildingSteps: [PlanStep] { Array(steps[..<removalStart]) }

    /// The steps from the first removal on: detachments, inline policies, group memberships,
    /// access keys, a deleted policy's versions, policies and users.
    public var removalSteps: [PlanStep] { Array(steps[removalStart...]) }

    /// The index of the first removal step; the plan's order puts every removal after the
    /// building steps.
    private var removalStart: Int {
        let newVersions = Set(
            steps.compactMap { step -> String? in
                guard case .createPolicyVersion(let arn, _) = step else { return nil }
                return arn
            })
        return steps.firstIndex { step in
            switch step {
            case .deletePolicyVersion(let arn, _): return !newVersions.contains(arn)
            case .detachUserPolicy, .deleteUserPolicy, .removeUserFromGroup, .deleteAccessKey, .deletePolicy,
                .deleteUser:
                return true
            case .createUser, .updateUser, .tagUser, .untagUser, .createPolicy, .createPolicyVersion, .tagPolicy,
                .untagPolicy, .attachUserPolicy, .createAccessKey, .updateAccessKey:
                // A key deleted to make room comes before the new key, so an issue that follows
                // a key deletion runs with the removals, in the same order.
                return false
            }
        } ?? steps.count
    }
}

/// A plan refused because it would delete too many managed users at once.
///
/// A wrong `--path`, an empty checkout or a bad merge looks to the reconciler like the removal
/// of many manifests. The guard refuses when a run would delete more than
/// `MassDeletionRefusal.threshold` managed users and more than half of all managed users, and
/// when it would delete any while no channel is declared at all.
public struct MassDeletionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// More deletions than this, if also more than half of the managed users, are refused.
    public static let threshold = 10

    /// How many managed users the run would delete.
    public var deletions: Int
    /// How many users the instance manages now.
    public var managedUsers: Int
    /// True when the refusal is because no channel is declared.
    public var hasNoChannels: Bool

    /// The refusal the drift calls for, or nil when its deletions are within bounds.
    public init?(drift: Drift) {
        let deletions = drift.channels.reduce(0) { $0 + $1.changes.filter(\.isUserDeletion).count }
        let isMass = deletions > Self.threshold && deletions * 2 > drift.managedUserCount
        let isWipe = deletions > 0 && drift.declaredChannelCount == 0
        guard isMass || isWipe else { return nil }
        self.deletions = deletions
        self.managedUsers = drift.managedUserCount
        self.hasNoChannels = isWipe
    }

    public var description: String {
        let what =
            hasNoChannels
            ? "refusing to delete \(deletions) of \(managedUsers) managed users because no channel manifest was found"
            : "refusing to delete \(deletions) of \(managedUsers) managed users: more than "
                + "\(Self.threshold) and more than half of them"
        return what + "; check that --path names the manifest folder, or pass --allow-mass-delete to delete them"
    }
}
