/// What the drift computation needs to know besides the desired and live state: which channels
/// are unknown or protected, and whether pruning is allowed.
public struct DriftOptions: Sendable, Equatable {
    /// False for `--no-prune`: managed resources that no manifest declares any more are kept and
    /// listed as retained.
    public var prune: Bool
    /// Channels whose resources are never deleted: those with `protect: true` in the current
    /// manifests, and those whose manifest is gone but which were `protect: true` when last
    /// applied.
    ///
    /// The second kind cannot be read from the manifests, and IAM has no room for a marker: the
    /// two `channelops:` tags already take two of the 50 tags a resource may carry, which is why
    /// `spec.tags` is limited to 48. The caller keeps the flag in the status it commits after
    /// each run (`protect: true` in `status/<channel>.yaml`, written on and on for as long as the
    /// channel's resources are retained) and passes those names here.
    public var protectedChannels: Set<String>
    /// Channels whose manifest fails to parse, validate or render.
    ///
    /// They are frozen: their resources are neither changed nor deleted, and a desired user or
    /// policy held by one of them is a conflict for the channel that wants it.
    public var invalidChannels: Set<String>
    /// Manifest files that could not be read or parsed at all.
    ///
    /// The channels in them are not even known by name, so while any exist, nothing is deleted.
    public var unreadableFiles: [String]
    /// Whether to read the tags of every policy on the channelops path or with a desired name.
    ///
    /// True finds an out-of-band edit of a policy's tags. False reads a policy's tags only
    /// when the run would write to it, delete it or report it as retained (see
    /// `SupplementalRead`).
    public var verifyAllPolicyTags: Bool
    /// The access keys channelops delivered, from the status the last run committed.
    ///
    /// A key on a managed user that is not among them is not channelops's: it is reported and
    /// retired (see `Drift`).
    public var deliveredAccessKeys: [DeliveredKey]
    /// Channels whose delivered keys are unknown, because their status could not be read.
    ///
    /// The keys of their users are reported but never changed: without the records, the
    /// channel's own keys would look made out of band and be deleted.
    public var channelsWithUnknownKeys: Set<String>
    /// Whether to read the access keys of every managed user of a declared channel.
    ///
    /// False reads them only for users whose consumer has an `accessKey` block or who hold a
    /// delivered key: one `ListAccessKeys` per such user, and one `GetAccessKeyLastUsed` per
    /// key. True also finds keys made by hand on the other users, at one more call per user.
    public var verifyAllAccessKeys: Bool
    /// The time that key ages, rotations and grace periods are measured at.
    ///
    /// `Reconciler` sets it from its clock when it is nil (`CHANNELOPS_NOW` replaces that clock
    /// in tests). With nil, the drift makes no decision that depends on a date: no rotation, no
    /// end of a grace period, no deletion of a retired key, and no ages in the report.
    public var now: Timestamp?

    /// Creates options; by default pruning is on and nothing is protected, frozen, unread or
    /// delivered.
    public init(
        prune: Bool = true,
        protectedChannels: Set<String> = [],
        invalidChannels: Set<String> = [],
        unreadableFiles: [String] = [],
        verifyAllPolicyTags: Bool = false,
        deliveredAccessKeys: [DeliveredKey] = [],
        channelsWithUnknownKeys: Set<String> = [],
        verifyAllAccessKeys: Bool = false,
        now: Timestamp? = nil
    ) {
        self.prune = prune
        self.protectedChannels = protectedChannels
        self.invalidChannels = invalidChannels
        self.unreadableFiles = unreadableFiles
        self.verifyAllPolicyTags = verifyAllPolicyTags
        self.deliveredAccessKeys = deliveredAccessKeys
        self.channelsWithUnknownKeys = channelsWithUnknownKeys
        self.verifyAllAccessKeys = verifyAllAccessKeys
        self.now = now
    }
}

/// A read the account snapshot cannot answer, needed before the drift is final.
///
/// `GetAccountAuthorizationDetails` returns neither a managed policy's tags nor a user's access
/// keys. The drift asks for the first where it must know who owns a policy: before any write to
/// it, before deleting it, before listing it as retained, always for a policy that has a desired
/// name but not the channelops path, and for every candidate when
/// `DriftOptions.verifyAllPolicyTags` is set. A policy on the channelops path named
/// `channelops-<channel>` whose tags are unknown is presumed to be the channel's policy until
/// then, so a run in which nothing differs needs no such read. It asks for the second for each
/// user it will delete, since IAM refuses to delete a user that still has keys, and for each
/// user whose keys channelops manages (see `DriftOptions.verifyAllAccessKeys`); for the keys of
/// the latter it then asks when each was last used, for the report.
public enum SupplementalRead: Sendable, Hashable, Comparable {
    /// `ListPolicyTags` for the policy.
    case policyTags(policyARN: String)
    /// `ListAccessKeys` for the user.
    case accessKeys(userName: String)
    /// `GetAccessKeyLastUsed` for one key of the user.
    case accessKeyLastUse(userName: String, accessKeyID: String)
}
