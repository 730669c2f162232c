import Testing

@testable import ChannelCore

/// One drift situation: the manifests, how live IAM got there, and what the drift must say.
struct DriftCase: Sendable, CustomTestStringConvertible {
    var reason: String
    var channels: [Channel] = Base.channels
    var options = DriftOptions()
    /// Turns the converged live state of `Base.channels` (policy tags read) into the case's.
    var live: @Sendable (inout LiveState) -> Void = { _ in }
    var expected: [String]

    var testDescription: String { reason }
}

/// Two channels, the second with a spec tag, in sync unless a case changes something.
enum Base {
    static let channels = [
        Sample.channel("alpha", consumers: ["alpha-app"]),
        Sample.channel("beta", consumers: ["beta-app", "beta-web"], tags: [KeyValue("cost-center", "4217")]),
    ]
    static let alphaPolicy = Sample.policyARN("channelops-alpha")
    static let betaPolicy = Sample.policyARN("channelops-beta")
}

/// The drift as lines: each channel and its conflicts, changes and notes, then retained
/// resources, notices and the reads still needed.
func outline(_ drift: Drift) -> [String] {
    var lines: [String] = []
    for channel in drift.channels {
        lines.append("\(channel.channel): \(channel.phase.rawValue)")
        lines += channel.conflicts.map { "  ! \($0)" }
        lines += channel.changes.map { "  \($0.marker) \($0.summary)" }
        lines += channel.notes.map { "  note: \($0)" }
    }
    lines += drift.retained.map { "retained \($0.kind.rawValue) \($0.name) (\($0.channel)): \($0.reason.rawValue)" }
    lines += drift.notices.map { "notice: \($0)" }
    lines += drift.requiredReads.map { read in
        switch read {
        case .policyTags(let arn): return "read tags of \(arn)"
        case .accessKeys(let user): return "read access keys of \(user)"
        case .accessKeyLastUse(let user, let key): return "read last use of \(key) of \(user)"
        }
    }
    return lines
}

private let outOfBandCases: [DriftCase] = [
    DriftCase(reason: "the state channelops left has no drift", expected: ["alpha: InSync", "beta: InSync"]),
    DriftCase(
        reason: "an empty account gets every user, policy and attachment",
        live: { $0 = LiveState() },
        expected: [
            "alpha: Drifted",
            "  + user alpha-app (path /channelops/)",
            "  + policy channelops-alpha (path /channelops/)",
            "  + attach channelops-alpha to user alpha-app",
            "beta: Drifted",
            "  + user beta-app (path /channelops/)",
            "  + user beta-web (path /channelops/)",
            "  + policy channelops-beta (path /channelops/)",
            "  + attach channelops-beta to user beta-app",
            "  + attach channelops-beta to user beta-web",
        ]
    ),
    DriftCase(
        reason: "a policy document edited out of band is drift",
        live: { $0.policies["channelops-alpha"]?.document = Sample.document(["lex:*"]) },
        expected: ["alpha: Drifted", "  ~ policy channelops-alpha document", "beta: InSync"]
    ),
    DriftCase(
        reason: "a document reordered and re-encoded means the same and is no drift",
        channels: [Sample.channel("alpha", consumers: ["alpha-app"], actions: ["lex:PostText", "lex:PostContent"])],
        live: { live in
            var document = Sample.document(["lex:postcontent", "lex:PostText", "lex:PostText"])
            document.statements[0].resource = PolicyDocument.ValueList(["*"], isList: false)
            live.policies["channelops-alpha"]?.document = document
            live.users["beta-app"] = nil
            live.users["beta-web"] = nil
            live.policies["channelops-beta"] = nil
        },
        expected: ["alpha: InSync"]
    ),
    DriftCase(
        reason: "AdministratorAccess attached to a managed user is detached",
        live: { $0.users["alpha-app"]?.attachedPolicyARNs.append(Sample.adminARN) },
        expected: [
            "alpha: Drifted", "  - detach arn:aws:iam::aws:policy/AdministratorAccess from user alpha-app",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "an inline policy on a managed user is deleted",
        live: { $0.users["beta-web"]?.inlinePolicyNames = ["debug"] },
        expected: ["alpha: InSync", "beta: Drifted", "  - inline policy debug of user beta-web"]
    ),
    DriftCase(
        reason: "a managed user added to a group leaves it",
        live: { $0.users["alpha-app"]?.groupNames = ["admins"] },
        expected: ["alpha: Drifted", "  - membership of user alpha-app in group admins", "beta: InSync"]
    ),
    DriftCase(
        reason: "a tag removed from a user is put back, an extra one removed, a changed one reset",
        live: { live in
            live.users["beta-app"]?.tags = [
                KeyValue("channelops:channel", "beta"), KeyValue("channelops:managed-by", "default"),
                KeyValue("team", "cx"),
            ]
            live.users["beta-web"]?.tags[2].value = "9999"
        },
        expected: [
            "alpha: InSync", "beta: Drifted", "  ~ user beta-app tags", "  ~ user beta-web tags",
        ]
    ),
    DriftCase(
        reason: "a tag removed from a policy whose tags were read is put back",
        live: {
            $0.policies["channelops-beta"]?.tags = .known(
                Array(Sample.desired(Base.channels).policies[1].tags.prefix(2)))
        },
        expected: ["alpha: InSync", "beta: Drifted", "  ~ policy channelops-beta tags"]
    ),
    DriftCase(
        reason: "a deleted user is created and attached again",
        live: { $0.users["beta-web"] = nil },
        expected: [
            "alpha: InSync", "beta: Drifted", "  + user beta-web (path /channelops/)",
            "  + attach channelops-beta to user beta-web",
        ]
    ),
    DriftCase(
        reason: "a user moved to another path is moved back",
        live: { $0.users["alpha-app"]?.path = "/elsewhere/" },
        expected: ["alpha: Drifted", "  ~ user alpha-app path /elsewhere/ -> /channelops/", "beta: InSync"]
    ),
    DriftCase(
        reason: "a changed description is a note, not drift, since IAM cannot change it",
        channels: [Sample.channel("alpha", consumers: ["alpha-app"], description: "Support bot")],
        live: { live in
            live.policies["channelops-alpha"]?.description = "Old text"
            live.users["beta-app"] = nil
            live.users["beta-web"] = nil
            live.policies["channelops-beta"] = nil
        },
        expected: [
            "alpha: InSync",
            "  note: policy 'channelops-alpha' has the description 'Old text', not 'Support bot'; IAM cannot "
                + "change a policy's description, so it is kept",
        ]
    ),
]

private let ownershipCases: [DriftCase] = [
    DriftCase(
        reason: "an unmanaged user with a consumer's name is a conflict for that channel only",
        live: { $0.users["alpha-app"] = Sample.unmanagedUser("alpha-app") },
        expected: [
            "alpha: Conflict",
            "  ! user 'alpha-app' exists but is not managed by channelops instance 'default' (no tag "
                + "channelops:managed-by=default); rename what the manifest declares, or delete the user or tag "
                + "it to adopt it",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "a user of another instance with a consumer's name is a conflict",
        live: { $0.users["alpha-app"] = Sample.managedUser("alpha-app", channel: "alpha", instance: "staging") },
        expected: [
            "alpha: Conflict",
            "  ! user 'alpha-app' is managed by channelops instance 'staging'; rename what the manifest declares, "
                + "or remove it from that instance first",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "an unmanaged policy with the channel's policy name is a conflict",
        live: { $0.policies["channelops-alpha"]?.tags = .known([KeyValue("owner", "someone")]) },
        expected: [
            "alpha: Conflict",
            "  ! policy 'channelops-alpha' exists but is not managed by channelops instance 'default' (no tag "
                + "channelops:managed-by=default); rename what the manifest declares, or delete the policy or tag "
                + "it to adopt it",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "a policy with the channel's name at another path is a conflict, even with unknown tags",
        live: { live in
            var policy = Sample.managedPolicy(channel: "alpha", tagsKnown: false)
            policy.path = "/"
            policy.arn = Sample.policyARN("channelops-alpha", path: "/")
            live.policies["channelops-alpha"] = policy
        },
        expected: [
            "alpha: Conflict",
            "  ! policy 'channelops-alpha' exists with path /, not /channelops/, and IAM cannot move a policy; "
                + "rename the channel, or delete that policy, then run again",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "unmanaged users and policies are never touched, whatever is on them",
        live: { live in
            var stranger = Sample.unmanagedUser("stranger")
            stranger.attachedPolicyARNs = [Sample.adminARN]
            stranger.inlinePolicyNames = ["inline"]
            stranger.groupNames = ["admins"]
            live.users["stranger"] = stranger
            live.users["other-instance"] = Sample.managedUser("other-instance", channel: "gone", instance: "staging")
            var custom = Sample.managedPolicy(channel: "custom")
            custom.tags = .known([])
            live.policies[custom.name] = custom
        },
        expected: ["alpha: InSync", "beta: InSync"]
    ),
    DriftCase(
        reason: "a consumer taken from a channel whose manifest is invalid is a conflict",
        channels: [Sample.channel("alpha", consumers: ["alpha-app", "beta-app"])],
        options: DriftOptions(invalidChannels: ["beta"]),
        expected: [
            "alpha: Conflict",
            "  ! user 'beta-app' belongs to channel 'beta', whose manifest is invalid; fix that manifest first",
            "beta: Invalid",
        ]
    ),
]

private let pruneCases: [DriftCase] = [
    DriftCase(
        reason: "the resources of a removed manifest are pruned, detaching first",
        channels: [Base.channels[0]],
        expected: [
            "alpha: InSync",
            "beta: Drifted",
            "  - policy channelops-beta",
            "  - user beta-app",
            "  - user beta-web",
        ]
    ),
    DriftCase(
        reason: "a consumer removed from a declared channel is deleted",
        channels: [
            Base.channels[0], Sample.channel("beta", consumers: ["beta-app"], tags: [KeyValue("cost-center", "4217")]),
        ],
        expected: ["alpha: InSync", "beta: Drifted", "  - user beta-web"]
    ),
    DriftCase(
        reason: "a protected channel's resources are retained when its manifest is gone",
        channels: [Base.channels[0]],
        options: DriftOptions(protectedChannels: ["beta"]),
        expected: [
            "alpha: InSync",
            "retained policy channelops-beta (beta): protected",
            "retained user beta-app (beta): protected",
            "retained user beta-web (beta): protected",
        ]
    ),
    DriftCase(
        reason: "--no-prune retains what would be pruned but still fixes declared channels",
        channels: [Base.channels[0]],
        options: DriftOptions(prune: false),
        live: { $0.users["alpha-app"]?.groupNames = ["admins"] },
        expected: [
            "alpha: Drifted",
            "  - membership of user alpha-app in group admins",
            "retained policy channelops-beta (beta): pruneDisabled",
            "retained user beta-app (beta): pruneDisabled",
            "retained user beta-web (beta): pruneDisabled",
        ]
    ),
    DriftCase(
        reason: "an invalid channel is frozen: listed, never changed, never pruned",
        channels: [Base.channels[0]],
        options: DriftOptions(invalidChannels: ["beta"]),
        live: { live in
            live.users["beta-app"]?.inlinePolicyNames = ["debug"]
            live.policies["channelops-beta"]?.document = Sample.document(["s3:*"])
        },
        expected: ["alpha: InSync", "beta: Invalid"]
    ),
    DriftCase(
        reason: "an unreadable manifest file stops every deletion and says so",
        channels: [Base.channels[0]],
        options: DriftOptions(unreadableFiles: ["channels/broken.yaml"]),
        expected: [
            "alpha: InSync",
            "retained policy channelops-beta (beta): manifestsUnreadable",
            "retained user beta-app (beta): manifestsUnreadable",
            "retained user beta-web (beta): manifestsUnreadable",
            "notice: 1 manifest file could not be read (channels/broken.yaml), so nothing is deleted in this run",
        ]
    ),
    DriftCase(
        reason: "a policy to prune that is attached to an unmanaged user or a role is a conflict",
        channels: [Base.channels[0]],
        live: { live in
            var stranger = Sample.unmanagedUser("stranger")
            stranger.attachedPolicyARNs = [Base.betaPolicy]
            live.users["stranger"] = stranger
            live.policies["channelops-beta"]?.attachmentCount = 4
        },
        expected: [
            "alpha: InSync",
            "beta: Conflict",
            "  ! policy 'channelops-beta' is to be deleted but is attached to user stranger, 1 group or role, "
                + "which this instance may not change; detach it from them, then run again",
        ]
    ),
]

/// Renames a live user, keeping what is on it.
private func respell(_ live: inout LiveState, user name: String, as other: String) {
    guard var user = live.users.removeValue(forKey: name) else { return }
    user.name = other
    user.arn = Sample.userARN(other, path: user.path)
    live.users[other] = user
}

private let caseCases: [DriftCase] = [
    DriftCase(
        reason: "an unmanaged user spelt with other case is a conflict, not a create IAM would refuse",
        live: { live in
            live.users["alpha-app"] = nil
            live.users["Alpha-App"] = Sample.unmanagedUser("Alpha-App")
        },
        expected: [
            "alpha: Conflict",
            "  ! user 'Alpha-App' exists and differs from 'alpha-app' only in case, which IAM treats as the same "
                + "name; name the consumer exactly 'Alpha-App', or delete or rename that user",
            "beta: InSync",
        ]
    ),
    DriftCase(
        reason: "a managed user spelt with other case is a conflict too, and is not pruned",
        live: { respell(&$0, user: "beta-web", as: "BETA-WEB") },
        expected: [
            "alpha: InSync",
            "beta: Conflict",
            "  ! user 'BETA-WEB' exists and differs from 'beta-web' only in case, which IAM treats as the same "
                + "name; name the consumer exactly 'BETA-WEB', or delete or rename that user",
        ]
    ),
    DriftCase(
        reason: "a policy spelt with other case is a conflict whatever its tags, and is not read or pruned",
        live: { live in
            guard var policy = live.policies.removeValue(forKey: "channelops-alpha") else { return }
            policy.name = "ChannelOps-alpha"
            policy.arn = Sample.policyARN("ChannelOps-alpha")
            policy.tags = .unknown
            live.policies[policy.name] = policy
        },
        expected: [
            "alpha: Conflict",
            "  ! policy 'ChannelOps-alpha' exists and differs from 'channelops-alpha' only in case, which IAM "
                + "treats as the same name; rename the channel, or delete that policy",
            "beta: InSync",
        ]
    ),
]

private let readCases: [DriftCase] = [
    DriftCase(
        reason: "a policy with unknown tags that is in sync needs no read",
        live: { live in
            for name in live.policies.keys { live.policies[name]?.tags = .unknown }
        },
        expected: ["alpha: InSync", "beta: InSync"]
    ),
    DriftCase(
        reason: "a policy with unknown tags is read before its document is changed",
        live: { live in
            live.policies["channelops-alpha"]?.tags = .unknown
            live.policies["channelops-alpha"]?.document = Sample.document(["lex:*"])
        },
        expected: [
            "alpha: Drifted", "  ~ policy channelops-alpha document", "beta: InSync",
            "read tags of \(Base.alphaPolicy)",
        ]
    ),
    DriftCase(
        reason: "a policy with unknown tags is read before a user is attached to it",
        live: { live in
            live.policies["channelops-alpha"]?.tags = .unknown
            live.users["alpha-app"]?.attachedPolicyARNs = []
        },
        expected: [
            "alpha: Drifted", "  + attach channelops-alpha to user alpha-app", "beta: InSync",
            "read tags of \(Base.alphaPolicy)",
        ]
    ),
    DriftCase(
        reason: "a spec.tags change seen on the users reads the tags of the channel's policy too",
        channels: [
            Base.channels[0],
            Sample.channel("beta", consumers: ["beta-app", "beta-web"], tags: [KeyValue("cost-center", "9999")]),
        ],
        live: { live in
            for name in live.policies.keys { live.policies[name]?.tags = .unknown }
        },
        expected: [
            "alpha: InSync", "beta: Drifted", "  ~ user beta-app tags", "  ~ user beta-web tags",
            "read tags of \(Base.betaPolicy)",
        ]
    ),
    DriftCase(
        reason: "users whose tags differ from the policy's desired ones read the policy's tags",
        live: { live in
            for name in live.policies.keys { live.policies[name]?.tags = .unknown }
            live.users["alpha-app"]?.tags.append(KeyValue("team", "cx"))
        },
        expected: [
            "alpha: Drifted", "  ~ user alpha-app tags", "beta: InSync", "read tags of \(Base.alphaPolicy)",
        ]
    ),
    DriftCase(
        reason: "verifying all policy tags reads every policy on the channelops path",
        options: DriftOptions(verifyAllPolicyTags: true),
        live: { live in
            for name in live.policies.keys { live.policies[name]?.tags = .unknown }
        },
        expected: [
            "alpha: InSync", "beta: InSync", "read tags of \(Base.alphaPolicy)", "read tags of \(Base.betaPolicy)",
        ]
    ),
    DriftCase(
        reason: "a policy to prune with unknown tags is read before anything is decided",
        channels: [Base.channels[0]],
        live: { $0.policies["channelops-beta"]?.tags = .unknown },
        expected: [
            "alpha: InSync", "beta: Drifted", "  - user beta-app", "  - user beta-web",
            "read tags of \(Base.betaPolicy)",
        ]
    ),
    DriftCase(
        reason: "a user to delete whose access keys are unknown is read first",
        channels: [Base.channels[0]],
        live: { $0.users["beta-app"]?.accessKeys = nil },
        expected: [
            "alpha: InSync", "beta: Drifted", "  - policy channelops-beta", "  - user beta-app", "  - user beta-web",
            "read access keys of beta-app",
        ]
    ),
]

@Suite("Drift")
struct DriftTests {
    @Test(arguments: outOfBandCases + ownershipCases + caseCases + pruneCases + readCases)
    func drift(_ testCase: DriftCase) {
        let desired = Sample.desired(testCase.channels)
        var live = Sample.converged(Sample.desired(Base.channels), policyTagsKnown: true)
        for name in live.users.keys { live.users[name]?.accessKeys = [] }
        testCase.live(&live)
        let drift = Drift(desired: desired, live: live, options: testCase.options)
        #expect(outline(drift) == testCase.expected, "\(testCase.reason)")
    }

    @Test("tag changes list additions, changed values and removals by key")
    func tagChanges() {
        let changes = TagChange.changes(
            from: [KeyValue("b", "1"), KeyValue("x", "old"), KeyValue("gone", "v")],
            to: [KeyValue("x", "new"), KeyValue("a", "2"), KeyValue("b", "1")]
        )
        #expect(changes.map(\.line) == ["+ a=2", "- gone=v", "~ x: old -> new"])
    }

    @Test("a document update on a policy with five versions deletes the oldest non-default one")
    func fullPolicyVersions() throws {
        var live = Sample.converged(Sample.desired(Base.channels), policyTagsKnown: true)
        live.policies["channelops-alpha"]?.versions = [
            LivePolicy.Version(id: "v3", isDefault: false),
            LivePolicy.Version(id: "v4", isDefault: true),
            LivePolicy.Version(id: "v5", isDefault: false),
            LivePolicy.Version(id: "v6", isDefault: false),
            LivePolicy.Version(id: "v7", isDefault: false),
        ]
        live.policies["channelops-alpha"]?.document = Sample.document(["lex:*"])
        let drift = Drift(desired: Sample.desired(Base.channels), live: live)
        let change = try #require(drift.channel("alpha")?.changes.first)
        guard case .updatePolicyDocument(let update) = change else {
            Issue.record("expected a document update, got \(change)")
            return
        }
        #expect(update.versionToDelete == "v3")
    }

    @Test("a user without the managed-by tag is not managed, whatever its path and channel tag")
    func ownershipIsByTagOnly() {
        var live = Sample.converged(Sample.desired(Base.channels), policyTagsKnown: true)
        live.users["alpha-app"]?.tags = [KeyValue(Rendering.channelTagKey, "alpha")]
        let drift = Drift(desired: Sample.desired(Base.channels), live: live)
        #expect(drift.channel("alpha")?.phase == .conflict)
        #expect(drift.channel("alpha")?.changes == [])
    }

    @Test("options from the manifests freeze invalid channels and protect by the current flag first")
    func optionsFromManifests() throws {
        let manifests = ManifestSet(
            channels: [
                Sample.channel("kept", consumers: ["a"], protect: true),
                Sample.channel("unprotected", consumers: ["b"]),
                Sample.channel("too-big", consumers: ["c"], tags: (1...49).map { KeyValue("k\($0)", "v") }),
            ],
            invalidChannelNames: ["broken"],
            unreadableFiles: ["channels/x.yaml"]
        )
        let rendered = try render(manifests.channels, instance: "default")
        let options = DriftOptions(
            manifests: manifests,
            rendered: rendered,
            protectedWhenLastApplied: ["unprotected", "gone", "broken"],
            prune: false
        )
        #expect(options.protectedChannels == ["kept", "gone"])
        #expect(options.invalidChannels == ["broken", "too-big"])
        #expect(options.unreadableFiles == ["channels/x.yaml"])
        #expect(!options.prune)
    }

    @Test("a channel's resources for the status are the managed ones, and its presumed policy")
    func channelResources() {
        var live = Sample.converged(Sample.desired(Base.channels))
        live.users["intruder"] = Sample.managedUser("intruder", channel: "beta", instance: "staging")
        let beta = live.resources(ofChannel: "beta", instance: "default")
        #expect(beta.users.map(\.name) == ["beta-app", "beta-web"])
        #expect(beta.policies.map(\.arn) == [Base.betaPolicy])
        live.setPolicyTags([], arn: Base.betaPolicy)
        #expect(live.resources(ofChannel: "beta", instance: "default").policies == [])
    }
}
