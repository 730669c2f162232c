extension DriftOptions {
    /// Options for the channels a run read and rendered.
    ///
    /// Frozen channels are those the manifests name but could not validate and those rendering
    /// left out; unreadable files come from the manifests. Protected channels are the declared
    /// ones with `protect: true`, plus those of `protectedWhenLastApplied` (from the status the
    /// last run committed) that no manifest declares any more: for a declared channel, only
    /// its current flag counts. Delivered keys come from that status too.
    public init(
        manifests: ManifestSet,
        rendered: RenderResult,
        protectedWhenLastApplied: Set<String> = [],
        prune: Bool = true,
        verifyAllPolicyTags: Bool = false,
        deliveredAccessKeys: [DeliveredKey] = [],
        channelsWithUnknownKeys: Set<String> = [],
        verifyAllAccessKeys: Bool = false,
        now: Timestamp? = nil
    ) {
        let declared = Set(manifests.channels.map(\.name)).union(manifests.invalidChannelNames)
        let protectedNow = Set(manifests.channels.filter(\.protect).map(\.name))
        self.init(
            prune: prune,
            protectedChannels: protectedNow.union(protectedWhenLastApplied.subtracting(declared)),
            invalidChannels: manifests.invalidChannelNames.union(rendered.invalidChannels),
            unreadableFiles: manifests.unreadableFiles,
            verifyAllPolicyTags: verifyAllPolicyTags,
            deliveredAccessKeys: deliveredAccessKeys,
            channelsWithUnknownKeys: channelsWithUnknownKeys,
            verifyAllAccessKeys: verifyAllAccessKeys,
            now: now
        )
    }
}
