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

    /// Creates options; by default pruning is on and nothing is protected, frozen or unread.
    public init(
        prune: Bool = true,
        protectedChannels: Set<String> = [],
        invalidChannels: Set<String> = [],
        unreadableFiles: [String] = [],
        verifyAllPolicyTags: Bool = false
    ) {
        self.prune = prune
        self.protectedChannels = protectedChannels
        self.invalidChannels = invalidChannels
        self.unreadableFiles = unreadableFiles
        self.verifyAllPolicyTags = verifyAllPolicyTags
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
/// user it will delete, since IAM refuses to delete a user that still has keys.
public enum SupplementalRead: Sendable, Hashable, Comparable {
    /// `ListPolicyTags` for the policy.
    case policyTags(policyARN: String)
    /// `ListAccessKeys` for the user.
    case accessKeys(userName: String)
}
