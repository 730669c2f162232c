import Testing

@testable import ChannelCore

/// The plan as lines: each channel, then its steps' summaries.
private func outline(_ plan: Plan) -> [String] {
    plan.channels.flatMap { channel in ["\(channel.channel):"] + channel.steps.map { "  " + $0.summary } }
}

/// Live state with `count` managed users of `channel` and that channel's policy.
private func managedUsers(_ count: Int, channel: String) -> [LiveUser] {
    (1...count).map { Sample.managedUser("\(channel)-\($0)", channel: channel) }
}

@Suite("Plan")
struct PlanTests {
    @Test("from an empty account: one create per user and policy and one attach per user, in order")
    func initialPlan() throws {
        let drift = Drift(desired: Sample.desired(Base.channels), live: LiveState())
        let plan = try Plan(drift: drift)
        #expect(
            outline(plan) == [
                "alpha:",
                "  CreateUser user=alpha-app path=/channelops/",
                "  CreatePolicy policy=channelops-alpha path=/channelops/",
                "  AttachUserPolicy user=alpha-app policy=channelops-alpha",
                "beta:",
                "  CreateUser user=beta-app path=/channelops/",
                "  CreateUser user=beta-web path=/channelops/",
                "  CreatePolicy policy=channelops-beta path=/channelops/",
                "  AttachUserPolicy user=beta-app policy=channelops-beta",
                "  AttachUserPolicy user=beta-web policy=channelops-beta",
            ]
        )
        #expect(plan.stepCount == 8)
    }

    @Test("pruning detaches, deletes inline policies, groups, keys and versions, then the policy, then the users")
    func prunePlan() throws {
        var live = Sample.converged(Sample.desired(Base.channels), policyTagsKnown: true)
        live.users["beta-app"]?.attachedPolicyARNs.append(Sample.adminARN)
        live.users["beta-app"]?.inlinePolicyNames = ["debug"]
        live.users["beta-app"]?.groupNames = ["admins"]
        live.users["beta-app"]?.accessKeys = [Sample.key("AKIAEXAMPLE1")]
        live.users["beta-web"]?.accessKeys = []
        live.policies["channelops-beta"]?.versions = [
            LivePolicy.Version(id: "v1", isDefault: false),
            LivePolicy.Version(id: "v2", isDefault: true),
        ]
        let drift = Drift(desired: Sample.desired([Base.channels[0]]), live: live)
        let plan = try Plan(drift: drift)
        let policy = Base.betaPolicy
        #expect(
            outline(plan) == [
                "beta:",
                "  DetachUserPolicy user=beta-app policy=\(policy)",
                "  DetachUserPolicy user=beta-app policy=arn:aws:iam::aws:policy/AdministratorAccess",
                "  DetachUserPolicy user=beta-web policy=\(policy)",
                "  DeleteUserPolicy user=beta-app policy=debug",
                "  RemoveUserFromGroup user=beta-app group=admins",
                "  DeleteAccessKey user=beta-app key=AKIAEXAMPLE1",
                "  DeletePolicyVersion policy=\(policy) version=v1",
                "  DeletePolicy policy=\(policy)",
                "  DeleteUser user=beta-app",
                "  DeleteUser user=beta-web",
            ]
        )
    }

    @Test("a document change on a full policy deletes the oldest non-default version, then adds the default")
    func documentUpdatePlan() throws {
        var live = Sample.converged(Sample.desired([Base.channels[0]]), policyTagsKnown: true)
        live.policies["channelops-alpha"]?.versions = (1...5).map {
            LivePolicy.Version(id: "v\($0)", isDefault: $0 == 2)
        }
        live.policies["channelops-alpha"]?.document = Sample.document(["lex:*"])
        let plan = try Plan(drift: Drift(desired: Sample.desired([Base.channels[0]]), live: live))
        #expect(
            outline(plan) == [
                "alpha:",
                "  DeletePolicyVersion policy=\(Base.alphaPolicy) version=v1",
                "  CreatePolicyVersion policy=\(Base.alphaPolicy)",
            ]
        )
        guard case .createPolicyVersion(_, let document) = plan.channels[0].steps[1] else {
            Issue.record("the second step should create a version")
            return
        }
        #expect(document == Sample.desired([Base.channels[0]]).policies[0].document)
    }

    @Test("a channel's steps split into building and removal, a version that makes room building")
    func buildingAndRemovalSteps() throws {
        var live = Sample.converged(Sample.desired([Base.channels[0]]), policyTagsKnown: true)
        live.policies["channelops-alpha"]?.versions = (1...5).map {
            LivePolicy.Version(id: "v\($0)", isDefault: $0 == 2)
        }
        live.policies["channelops-alpha"]?.document = Sample.document(["lex:*"])
        live.users["alpha-app"]?.attachedPolicyARNs.append(Sample.adminARN)
        live.users["alpha-app"]?.groupNames = ["admins"]
        let plan = try Plan(drift: Drift(desired: Sample.desired([Base.channels[0]]), live: live))
        let channel = try #require(plan.channels.first)
        #expect(
            channel.buildingSteps.map(\.summary) == [
                "DeletePolicyVersion policy=\(Base.alphaPolicy) version=v1",
                "CreatePolicyVersion policy=\(Base.alphaPolicy)",
            ])
        #expect(
            channel.removalSteps.map(\.summary) == [
                "DetachUserPolicy user=alpha-app policy=\(Sample.adminARN)",
                "RemoveUserFromGroup user=alpha-app group=admins",
            ])
    }

    @Test("tag drift becomes one TagUser for additions and changes and one UntagUser for removals")
    func tagPlan() throws {
        var live = Sample.converged(Sample.desired(Base.channels), policyTagsKnown: true)
        live.users["beta-app"]?.tags = [
            KeyValue("channelops:managed-by", "default"), KeyValue("channelops:channel", "old"), KeyValue("x", "1"),
        ]
        let plan = try Plan(drift: Drift(desired: Sample.desired(Base.channels), live: live))
        #expect(
            outline(plan) == [
                "beta:", "  TagUser user=beta-app tags=channelops:channel,cost-center",
                "  UntagUser user=beta-app tags=x",
            ]
        )
    }

    @Test("the same inputs give the same plan, whatever order the live state was listed in")
    func deterministic() throws {
        let channels = (1...30).map { Sample.channel("c\($0)", consumers: ["c\($0)-a", "c\($0)-b"]) }
        let converged = Sample.converged(Sample.desired(channels), policyTagsKnown: true)
        var users = Array(converged.users.values)
        for index in users.indices where index % 3 == 0 {
            users[index].inlinePolicyNames = ["z", "a", "m"]
            users[index].groupNames = ["g2", "g1"]
            users[index].attachedPolicyARNs.append(Sample.adminARN)
        }
        let forward = LiveState(users: users.sorted { $0.name < $1.name }, policies: Array(converged.policies.values))
        let backward = LiveState(
            users: users.sorted { $0.name > $1.name }, policies: converged.policies.values.reversed())
        let desired = Sample.desired(channels.reversed())
        let first = try Plan(drift: Drift(desired: Sample.desired(channels), live: forward))
        let second = try Plan(drift: Drift(desired: desired, live: backward))
        #expect(first == second)
        #expect(first.channels.map(\.channel) == first.channels.map(\.channel).sorted())
        #expect(first.stepCount == 20 * 6)
    }

    @Test("a plan deleting more than 10 managed users and more than half of them is refused")
    func massDeletionRefused() throws {
        let live = LiveState(users: managedUsers(12, channel: "gone") + managedUsers(1, channel: "alpha"))
        let drift = Drift(desired: Sample.desired([Sample.channel("alpha", consumers: ["alpha-1"])]), live: live)
        let refusal = #expect(throws: MassDeletionRefusal.self) { try Plan(drift: drift) }
        #expect(
            refusal?.description
                == "refusing to delete 12 of 13 managed users: more than 10 and more than half of them; check that "
                + "--path names the manifest folder, or pass --allow-mass-delete to delete them"
        )
        #expect(try Plan(drift: drift, allowMassDelete: true).stepCount > 0)
    }

    @Test("an empty manifest set refuses to delete even a few managed users")
    func emptyManifestsRefused() throws {
        let live = LiveState(users: managedUsers(3, channel: "alpha"))
        let drift = Drift(desired: DesiredState(instance: "default"), live: live)
        let refusal = #expect(throws: MassDeletionRefusal.self) { try Plan(drift: drift) }
        #expect(
            refusal?.description
                == "refusing to delete 3 of 3 managed users because no channel manifest was found; check that --path "
                + "names the manifest folder, or pass --allow-mass-delete to delete them"
        )
    }

    @Test("deleting 11 of 30 managed users, or 10 of 12, is within bounds")
    func deletionsWithinBounds() throws {
        let alpha = Sample.desired([Sample.channel("alpha", consumers: (1...19).map { "alpha-\($0)" })])
        let elevenOfThirty = LiveState(users: managedUsers(11, channel: "gone") + managedUsers(19, channel: "alpha"))
        #expect(try Plan(drift: Drift(desired: alpha, live: elevenOfThirty)).stepCount > 0)

        let beta = Sample.desired([Sample.channel("beta", consumers: ["beta-1", "beta-2"])])
        let tenOfTwelve = LiveState(users: managedUsers(10, channel: "gone") + managedUsers(2, channel: "beta"))
        #expect(MassDeletionRefusal(drift: Drift(desired: beta, live: tenOfTwelve)) == nil)
    }
}
