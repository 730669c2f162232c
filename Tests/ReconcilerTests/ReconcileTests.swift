import ChannelCore
import Reconciler
import Testing

@Suite("Reconcile against the fake IAM")
struct ReconcileTests {
    /// A fake account already reconciled with `Fixture.channels`, and its engine.
    private func converged() async throws -> (FakeIAM, Reconciler) {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        let outcome = try await engine.reconcile(Fixture.desired(Fixture.channels), options: DriftOptions())
        try #require(outcome.isConverged)
        await iam.resetLog()
        return (iam, engine)
    }

    @Test("from an empty account, one write per rendered user, policy and attachment, and no more")
    func initialApply() async throws {
        let iam = FakeIAM()
        let outcome = try await Reconciler.testing(iam).reconcile(
            Fixture.desired(Fixture.channels), options: DriftOptions())
        #expect(outcome.isConverged)
        let actions = await iam.actions
        #expect(actions.first == "GetAccountAuthorizationDetails")
        #expect(actions.last == "GetAccountAuthorizationDetails")
        let writes = actions.dropFirst().dropLast()
        #expect(writes.count == 3 + 2 + 3)
        #expect(writes.filter { $0 == "CreateUser" }.count == 3)
        #expect(writes.filter { $0 == "CreatePolicy" }.count == 2)
        #expect(writes.filter { $0 == "AttachUserPolicy" }.count == 3)
        #expect(outcome.applied?.appliedStepCount == 8)

        let users = await iam.users
        #expect(users["beta-web"]?.path == "/channelops/")
        #expect(
            users["beta-web"]?.tags == [
                KeyValue("channelops:managed-by", "default"), KeyValue("channelops:channel", "beta"),
                KeyValue("cost-center", "4217"),
            ]
        )
        #expect(users["beta-web"]?.attached == [Fixture.policyARN("beta")])
        let policy = await iam.policies[Fixture.policyARN("beta")]
        #expect(policy?.tags == users["beta-web"]?.tags)

        // The state read after the apply names the ARNs the status records.
        let beta = outcome.live.resources(ofChannel: "beta", instance: "default")
        #expect(
            beta.users.map(\.arn) == ["beta-app", "beta-web"].map { "arn:aws:iam::123456789012:user/channelops/\($0)" })
        #expect(beta.policies.map(\.arn) == [Fixture.policyARN("beta")])
    }

    @Test("drift and reconcile of an account in sync read only the snapshot")
    func noOp() async throws {
        let (iam, engine) = try await converged()
        let drift = try await engine.drift(Fixture.desired(Fixture.channels), options: DriftOptions())
        #expect(!drift.hasChanges)
        #expect(await iam.calls == ["GetAccountAuthorizationDetails"])

        await iam.resetLog()
        let outcome = try await engine.reconcile(Fixture.desired(Fixture.channels), options: DriftOptions())
        #expect(outcome.isConverged)
        #expect(await iam.calls == ["GetAccountAuthorizationDetails"])
    }

    @Test("every out-of-band change is found by drift and reverted by reconcile")
    func outOfBandChangesReverted() async throws {
        let (iam, engine) = try await converged()
        try await iam.outOfBandEditPolicy(Fixture.policyARN("alpha"), PolicyDocument(statements: []))
        try await iam.outOfBandAttach("alpha-app", Fixture.adminARN)
        await iam.outOfBandPutInlinePolicy("beta-app", "debug")
        await iam.outOfBandAddToGroup("beta-web", "admins")
        await iam.outOfBandUntagUser("beta-app", "cost-center")
        await iam.outOfBandDeleteUser("beta-web")

        let desired = Fixture.desired(Fixture.channels)
        let drift = try await engine.drift(desired, options: DriftOptions())
        let lines = drift.channels.flatMap { channel in channel.changes.map { "\(channel.channel) \($0.summary)" } }
        #expect(
            lines == [
                "alpha policy channelops-alpha document",
                "alpha detach arn:aws:iam::aws:policy/AdministratorAccess from user alpha-app",
                "beta user beta-web (path /channelops/)",
                "beta user beta-app tags",
                "beta attach channelops-beta to user beta-web",
                "beta inline policy debug of user beta-app",
            ]
        )

        await iam.resetLog()
        let outcome = try await engine.reconcile(desired, options: DriftOptions())
        #expect(outcome.isConverged)
        let users = await iam.users
        #expect(users["alpha-app"]?.attached == [Fixture.policyARN("alpha")])
        #expect(users["beta-app"]?.inline == [])
        #expect(users["beta-app"]?.tags.contains(KeyValue("cost-center", "4217")) == true)
        #expect(users["beta-web"]?.groups == [])
        #expect(await iam.document(of: Fixture.policyARN("alpha")) == desired.policies[0].document)
        // Each policy's tags were read once, before the policy was written or attached.
        #expect(
            await iam.calls.filter { $0.hasPrefix("ListPolicyTags") }.sorted() == [
                "ListPolicyTags \(Fixture.policyARN("alpha"))", "ListPolicyTags \(Fixture.policyARN("beta"))",
            ]
        )
    }

    @Test("a spec.tags change reaches the policy's tags in the same run, at one extra read")
    func specTagsReachPolicy() async throws {
        let (iam, engine) = try await converged()
        let changed = [
            Fixture.channels[0],
            Fixture.channel("beta", consumers: ["beta-app", "beta-web"], tags: [KeyValue("cost-center", "9999")]),
        ]
        let outcome = try await engine.reconcile(Fixture.desired(changed), options: DriftOptions())
        #expect(outcome.isConverged)
        let expected = [
            KeyValue("channelops:managed-by", "default"), KeyValue("channelops:channel", "beta"),
            KeyValue("cost-center", "9999"),
        ]
        #expect(await iam.users["beta-app"]?.tags == expected)
        #expect(await iam.policies[Fixture.policyARN("beta")]?.tags == expected)
        // Read once before the apply; the confirming read finds the users in sync and needs none.
        #expect(
            await iam.calls.filter { $0.hasPrefix("ListPolicyTags") } == [
                "ListPolicyTags \(Fixture.policyARN("beta"))"
            ])
    }

    @Test("an unmanaged user with a consumer's name fails that channel only and is never touched")
    func conflictIsolated() async throws {
        let iam = FakeIAM()
        try await iam.outOfBandCreateUser("alpha-app", tags: [KeyValue("owner", "someone")])
        try await iam.outOfBandAttach("alpha-app", Fixture.adminARN)
        let outcome = try await Reconciler.testing(iam).reconcile(
            Fixture.desired(Fixture.channels),
            options: DriftOptions()
        )
        #expect(!outcome.isConverged)
        #expect(outcome.final?.channel("alpha")?.phase == .conflict)
        #expect(outcome.final?.channel("beta")?.phase == .inSync)
        #expect(await iam.calls.filter { $0.contains("alpha") } == [])
        #expect(await iam.users["alpha-app"]?.attached == [Fixture.adminARN])
        #expect(outcome.report().channels.map(\.phase) == [.conflict, .inSync])
    }

    @Test("pruning a removed manifest empties its users and policy in an order IAM accepts")
    func prune() async throws {
        let (iam, engine) = try await converged()
        await iam.outOfBandPutInlinePolicy("beta-app", "debug")
        await iam.outOfBandAddToGroup("beta-app", "admins")
        let key = try await iam.outOfBandCreateAccessKey("beta-app")
        try await iam.outOfBandAttach("beta-web", Fixture.adminARN)
        try await iam.outOfBandEditPolicy(Fixture.policyARN("beta"), PolicyDocument(statements: []))

        let outcome = try await engine.reconcile(Fixture.desired([Fixture.channels[0]]), options: DriftOptions())
        #expect(outcome.isConverged)
        #expect(outcome.applied?.isComplete == true)
        #expect(await iam.users.keys.sorted() == ["alpha-app"])
        #expect(await iam.policies.keys.sorted() == [Fixture.policyARN("alpha")])
        let calls = await iam.calls
        #expect(calls.contains("DeleteAccessKey beta-app \(key)"))
        #expect(calls.contains("ListPolicyTags \(Fixture.policyARN("beta"))"))
    }

    @Test("a protected channel's resources are retained when its manifest is gone")
    func protect() async throws {
        let (iam, engine) = try await converged()
        let options = DriftOptions(protectedChannels: ["beta"])
        let outcome = try await engine.reconcile(Fixture.desired([Fixture.channels[0]]), options: options)
        #expect(outcome.isConverged)
        #expect(outcome.final?.retained.map(\.name) == ["channelops-beta", "beta-app", "beta-web"])
        #expect(await iam.users.count == 3)
        #expect(await iam.actions.filter { $0.hasPrefix("Delete") || $0.hasPrefix("Detach") } == [])
    }

    @Test("a frozen invalid channel is not changed even when it drifted")
    func frozen() async throws {
        let (iam, engine) = try await converged()
        await iam.outOfBandPutInlinePolicy("beta-app", "debug")
        let options = DriftOptions(invalidChannels: ["beta"])
        let outcome = try await engine.reconcile(Fixture.desired([Fixture.channels[0]]), options: options)
        #expect(outcome.final?.channel("beta")?.phase == .invalid)
        #expect(await iam.users["beta-app"]?.inline == ["debug"])
        #expect(await iam.calls == ["GetAccountAuthorizationDetails"])
    }

    @Test("the mass-deletion guard refuses an empty manifest set before any write")
    func massDeletionGuard() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        let many = (1...12).map { Fixture.channel("c\($0)", consumers: ["c\($0)-user"]) }
        _ = try await engine.reconcile(Fixture.desired(many), options: DriftOptions())
        await iam.resetLog()

        let outcome = try await engine.reconcile(DesiredState(instance: "default"), options: DriftOptions())
        let refusal = try #require(outcome.refusal)
        #expect(
            refusal.description
                == "refusing to delete 12 of 12 managed users because no channel manifest was found; check that "
                + "--path names the manifest folder, or pass --allow-mass-delete to delete them"
        )
        #expect(outcome.applied == nil)
        #expect(!outcome.isConverged)
        #expect(await iam.actions.allSatisfy { $0.hasPrefix("GetAccountAuthorizationDetails") || $0.hasPrefix("List") })
        #expect(await iam.users.count == 12)

        let forced = try await engine.reconcile(
            DesiredState(instance: "default"),
            options: DriftOptions(),
            allowMassDelete: true
        )
        #expect(forced.isConverged)
        #expect(await iam.users.isEmpty)
    }

    @Test("changing one policy seven times keeps at most five versions, the latest the default")
    func sevenPolicyChanges() async throws {
        let (iam, engine) = try await converged()
        var last: PolicyDocument?
        for round in 1...7 {
            let alpha = Fixture.channel("alpha", consumers: ["alpha-app"], actions: ["lex:Action\(round)"])
            let desired = Fixture.desired([alpha, Fixture.channels[1]])
            let outcome = try await engine.reconcile(desired, options: DriftOptions())
            #expect(outcome.isConverged, "round \(round)")
            last = desired.policies[0].document
            #expect(await iam.versions(of: Fixture.policyARN("alpha")).count <= 5)
        }
        let versions = await iam.versions(of: Fixture.policyARN("alpha"))
        #expect(versions.map(\.id) == ["v4", "v5", "v6", "v7", "v8"])
        #expect(versions.last?.isDefault == true)
        #expect(await iam.document(of: Fixture.policyARN("alpha")) == last)
    }

    @Test("another instance's resources are never changed, even when pruning")
    func instancesSeparate() async throws {
        let (iam, _) = try await converged()
        let staging = Reconciler.testing(iam)
        let gamma = Fixture.desired([Fixture.channel("gamma", consumers: ["gamma-app"])], instance: "staging")
        let outcome = try await staging.reconcile(gamma, options: DriftOptions())
        #expect(outcome.isConverged)
        let writes = await iam.calls.filter { !$0.hasPrefix("GetAccount") && !$0.hasPrefix("List") }
        #expect(writes.allSatisfy { $0.contains("gamma") })
        #expect(await iam.users.count == 4)
    }

    @Test("drift left after a complete apply is read again before it counts as not converged")
    func convergenceReadsAgain() async throws {
        let iam = FakeIAM()
        let sleeps = SleepRecorder()
        let engine = Reconciler(
            operations: iam,
            options: ReconcilerOptions(convergenceChecks: 3, convergenceDelay: .seconds(2)),
            sleep: sleeps.sleep
        )
        await iam.lagSnapshots(1)
        let outcome = try await engine.reconcile(Fixture.desired(Fixture.channels), options: DriftOptions())
        #expect(outcome.isConverged)
        #expect(sleeps.durations == [.seconds(2)])
        #expect(await iam.count("GetAccountAuthorizationDetails") == 3)
    }

    @Test("a dry run plans without writing")
    func dryRun() async throws {
        let iam = FakeIAM()
        let outcome = try await Reconciler.testing(iam).reconcile(
            Fixture.desired(Fixture.channels),
            options: DriftOptions(),
            dryRun: true
        )
        #expect(outcome.plan?.stepCount == 8)
        #expect(outcome.applied == nil)
        #expect(!outcome.isConverged)
        #expect(await iam.calls == ["GetAccountAuthorizationDetails"])
        #expect(outcome.report().changeCount == 8)
    }

    @Test("a failed snapshot read is an error that names the action")
    func snapshotFailure() async throws {
        let iam = FakeIAM()
        await iam.fail("GetAccountAuthorizationDetails", code: "AccessDenied")
        let error = await #expect(throws: ReconcileError.self) {
            try await Reconciler.testing(iam).drift(Fixture.desired(Fixture.channels), options: DriftOptions())
        }
        #expect(
            error?.description
                == "could not read the IAM account: GetAccountAuthorizationDetails: injected AccessDenied (AccessDenied)"
        )
    }

    @Test("a run cancelled during the apply keeps what it applied and skips the confirming read")
    func cancelledReconcile() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam, concurrency: 1)
        let canceller = TaskCanceller()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            for await _ in gate { break }
            return try await engine.reconcile(Fixture.desired(Fixture.channels), options: DriftOptions()) { progress in
                if progress.finishedSteps == 2 { canceller.cancel() }
            }
        }
        canceller.hold(task)
        open.yield()
        let outcome = try await task.value
        #expect(outcome.confirmationError == .cancelled)
        #expect(outcome.final == nil)
        #expect(!outcome.isConverged)
        #expect(outcome.applied?.appliedStepCount == 2)
        #expect(await iam.count("GetAccountAuthorizationDetails") == 1)
        let report = outcome.report()
        #expect(report.channels.map(\.phase) == [.failed, .failed])
        #expect(report.channels.map(\.error) == ["cancelled after 2 of 3 steps", "cancelled after 0 of 5 steps"])
    }
}
