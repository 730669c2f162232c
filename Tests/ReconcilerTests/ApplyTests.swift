import ChannelCore
import Reconciler
import Synchronization
import Testing

@Suite("Apply against the fake IAM")
struct ApplyTests {
    /// The plan that builds `channels` in an empty account.
    private func initialPlan(_ channels: [Channel]) throws -> Plan {
        try Plan(drift: Drift(desired: Fixture.desired(channels), live: LiveState()))
    }

    @Test("channels run side by side with never more calls in flight than the limit")
    func concurrencyBound() async throws {
        let iam = FakeIAM(latency: .milliseconds(2))
        let channels = (1...24).map { Fixture.channel("c\($0)", consumers: ["c\($0)-user"]) }
        let engine = Reconciler(operations: iam, options: ReconcilerOptions(concurrency: 3))
        let result = await engine.apply(try initialPlan(channels))
        #expect(result.isComplete)
        #expect(result.appliedStepCount == 24 * 3)
        #expect(await iam.maxInFlight == 3)
        #expect(result.channels.map(\.channel) == channels.map(\.name).sorted())
    }

    @Test("a failed channel stops at its failed step and the others go on")
    func failureIsolation() async throws {
        let iam = FakeIAM()
        await iam.fail("CreateUser", subject: "beta-app", code: "AccessDenied")
        let result = await Reconciler.testing(iam).apply(try initialPlan(Fixture.channels))
        #expect(!result.isComplete)
        let alpha = try #require(result.channels.first { $0.channel == "alpha" })
        #expect(alpha.isComplete)
        let beta = try #require(result.channels.first { $0.channel == "beta" })
        #expect(beta.applied == [])
        #expect(beta.remaining.count == 4)
        #expect(
            result.failures == [
                "beta": "CreateUser user=beta-app path=/channelops/ failed: CreateUser beta-app: injected AccessDenied "
                    + "(AccessDenied); 4 later steps not run"
            ]
        )
        #expect(await iam.users.keys.sorted() == ["alpha-app"])
    }

    @Test("a renamed channel attaches its new policy before the old channel's prune detaches the old one")
    func renamedChannelKeepsPermissions() async throws {
        let iam = FakeIAM(latency: .milliseconds(1))
        let engine = Reconciler(operations: iam, options: ReconcilerOptions(concurrency: 4))
        let old = [Fixture.channel("alpha", consumers: ["app-1", "app-2"])]
        let setUp = try await engine.reconcile(Fixture.desired(old), options: DriftOptions())
        try #require(setUp.isConverged)
        await iam.resetLog()

        let renamed = [Fixture.channel("omega", consumers: ["app-1", "app-2"])]
        let outcome = try await engine.reconcile(Fixture.desired(renamed), options: DriftOptions())
        #expect(outcome.isConverged)
        let actions = await iam.actions
        let lastAttach = try #require(actions.lastIndex(of: "AttachUserPolicy"))
        let firstDetach = try #require(actions.firstIndex(of: "DetachUserPolicy"))
        #expect(lastAttach < firstDetach, "\(actions)")
        #expect(await iam.users["app-1"]?.attached == [Fixture.policyARN("omega")])
        #expect(await iam.policies[Fixture.policyARN("alpha")] == nil)
    }

    @Test("a channel whose building steps fail runs none of its removals")
    func failedBuildSkipsRemovals() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        let setUp = try await engine.reconcile(Fixture.desired([Fixture.channels[0]]), options: DriftOptions())
        try #require(setUp.isConverged)
        try await iam.outOfBandAttach("alpha-app", Fixture.adminARN)
        await iam.outOfBandUntagUser("alpha-app", "channelops:channel")
        await iam.fail("TagUser", subject: "alpha-app", code: "AccessDenied")

        let outcome = try await engine.reconcile(Fixture.desired([Fixture.channels[0]]), options: DriftOptions())
        let alpha = try #require(outcome.applied?.channels.first)
        #expect(alpha.applied == [])
        #expect(alpha.remaining.map(\.summary) == ["DetachUserPolicy user=alpha-app policy=\(Fixture.adminARN)"])
        #expect(await iam.users["alpha-app"]?.attached.contains(Fixture.adminARN) == true)
    }

    @Test("NoSuchEntity right after a create is retried with a doubling wait")
    func eventualConsistency() async throws {
        let iam = FakeIAM(hideAfterCreate: 1)
        let sleeps = SleepRecorder()
        let engine = Reconciler.testing(iam, concurrency: 1, sleeps: sleeps)
        let result = await engine.apply(try initialPlan([Fixture.channels[0]]))
        #expect(result.isComplete)
        // The attach finds the user missing, then the policy, then succeeds.
        #expect(await iam.count("AttachUserPolicy") == 3)
        #expect(sleeps.durations == [.milliseconds(250), .milliseconds(500)])
    }

    @Test("NoSuchEntity for something the run did not create is a failure at once")
    func noRetryForOldEntities() async throws {
        let iam = FakeIAM()
        let sleeps = SleepRecorder()
        let plan = Plan(channels: [ChannelPlan(channel: "alpha", steps: [.tagUser(name: "nobody", tags: [])])])
        let result = await Reconciler.testing(iam, sleeps: sleeps).apply(plan)
        #expect(result.channels[0].failure?.error.code == "NoSuchEntity")
        #expect(sleeps.durations == [])
    }

    @Test("a removal IAM finds already done counts as applied")
    func idempotentRemoval() async throws {
        let iam = FakeIAM()
        try await iam.outOfBandCreateUser("alpha-app")
        let plan = Plan(channels: [
            ChannelPlan(
                channel: "alpha",
                steps: [
                    .detachUserPolicy(userName: "alpha-app", policyARN: Fixture.adminARN),
                    .deleteUser(name: "alpha-app"),
                ]
            )
        ])
        let result = await Reconciler.testing(iam).apply(plan)
        #expect(result.isComplete)
        #expect(await iam.users.isEmpty)
    }

    @Test("IAM's rules hold: a wrong order fails with DeleteConflict instead of passing")
    func fakeEnforcesOrder() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        _ = await engine.apply(try initialPlan([Fixture.channels[0]]))
        let plan = Plan(channels: [
            ChannelPlan(channel: "alpha", steps: [.deletePolicy(policyARN: Fixture.policyARN("alpha"))])
        ])
        let result = await engine.apply(plan)
        #expect(result.channels[0].failure?.error.code == "DeleteConflict")
    }

    @Test("cancellation stops each channel before its next step and reports what was left")
    func cancellation() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam, concurrency: 1)
        let plan = try initialPlan(Fixture.channels)
        let canceller = TaskCanceller()
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            for await _ in gate { break }
            return await engine.apply(plan) { progress in
                if progress.finishedSteps == 2 { canceller.cancel() }
            }
        }
        canceller.hold(task)
        open.yield()
        let result = await task.value
        #expect(result.channels.map(\.applied.count) == [2, 0])
        #expect(result.channels.map(\.remaining.count) == [1, 5])
        #expect(result.channels.allSatisfy { $0.wasCancelled })
        #expect(result.failures == ["alpha": "cancelled after 2 of 3 steps", "beta": "cancelled after 0 of 5 steps"])
    }

    @Test("a call cut short by the cancellation leaves its step to the next run instead of failing it")
    func cancellationDuringCall() async throws {
        // Every call takes long, and fails once it ends, as a cancelled request does.
        let iam = FakeIAM(latency: .seconds(60))
        for action in ["CreateUser", "CreatePolicy"] { await iam.fail(action, code: "RequestCancelled") }
        let engine = Reconciler.testing(iam, concurrency: 1)
        let plan = try initialPlan(Fixture.channels)
        let task = Task { await engine.apply(plan) }
        while await iam.calls.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.value
        #expect(result.channels.allSatisfy { $0.wasCancelled && $0.failure == nil })
        #expect(result.failures == ["alpha": "cancelled after 0 of 3 steps", "beta": "cancelled after 0 of 5 steps"])
    }

    @Test("progress reports every finished step with the plan's total")
    func progress() async throws {
        let iam = FakeIAM()
        let seen = Mutex<[ApplyProgress]>([])
        let result = await Reconciler.testing(iam).apply(try initialPlan(Fixture.channels)) { progress in
            seen.withLock { $0.append(progress) }
        }
        #expect(result.appliedStepCount == 8)
        let reports = seen.withLock { $0 }
        #expect(reports.map(\.finishedSteps) == Array(1...8))
        #expect(reports.allSatisfy { $0.totalSteps == 8 })
        #expect(reports.filter { $0.channel == "beta" }.count == 5)
    }
}
