import ChannelCore
import Reconciler
import Testing

@Suite("Entities deleted between the snapshot and a later read")
struct SnapshotRaceTests {
    @Test("a policy whose tags read answers NoSuchEntity is taken as deleted, not as an error")
    func policyDeletedAfterSnapshot() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        // Another instance's policy, on the channelops path: its tags must be read to know whose it is.
        let arn = try await iam.outOfBandCreatePolicy(
            "channelops-elsewhere", path: "/channelops/", document: PolicyDocument(statements: []),
            tags: [KeyValue("channelops:managed-by", "staging"), KeyValue("channelops:channel", "elsewhere")])
        await iam.fail("ListPolicyTags", subject: arn, code: IAMOperationError.noSuchEntityCode)

        let drift = try await engine.drift(Fixture.desired(Fixture.channels), options: DriftOptions())

        #expect(await iam.count("ListPolicyTags") == 1)
        #expect(drift.isFinal)
        #expect(drift.changeCount == 8)
        #expect(drift.channels.map(\.channel) == ["alpha", "beta"])
    }

    @Test("a user to prune whose access keys read answers NoSuchEntity is taken as deleted")
    func userDeletedAfterSnapshot() async throws {
        let iam = FakeIAM()
        let engine = Reconciler.testing(iam)
        try #require(try await engine.reconcile(Fixture.desired(Fixture.channels), options: DriftOptions()).isConverged)
        await iam.fail("ListAccessKeys", subject: "beta-web", code: IAMOperationError.noSuchEntityCode)
        let alphaOnly = Fixture.desired([Fixture.channel("alpha", consumers: ["alpha-app"])])

        let drift = try await engine.drift(alphaOnly, options: DriftOptions())

        let beta = try #require(drift.channel("beta"))
        let removed = beta.changes.map(\.summary)
        #expect(removed == ["policy channelops-beta", "user beta-app"])
    }
}
