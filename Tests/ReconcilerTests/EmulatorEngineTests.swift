import ChannelCore
import Foundation
import Reconciler
import Testing

/// The engine and its IAM operations over the real client against the emulator, for what the
/// command line cannot reach: a channel whose manifest is gone but that was `protect: true` when
/// last applied (that memory lives in the status the reconciler commits, which this test supplies
/// itself), and calls moto cannot take part in end to end.
@Suite(
    "The engine and the IAM client against the emulator",
    .enabled(
        if: ProcessInfo.processInfo.environment["CHANNELOPS_TEST_MOTO_URL"] != nil,
        "emulator not running: run scripts/emulator.sh start and export the variables in .build/emulator/env"))
struct EmulatorEngineTests {
    static let motoURL = ProcessInfo.processInfo.environment["CHANNELOPS_TEST_MOTO_URL"] ?? ""

    /// A connection to the emulator with moto's fake keys and nothing read from files.
    static func connection() throws -> IAMConnection {
        try IAMConnection.open(
            options: .init(endpointURL: motoURL),
            environment: .init(
                variables: [
                    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                    // moto answers HTTP 500 to a snapshot read that races other tests' writes.
                    "AWS_MAX_ATTEMPTS": "6",
                ],
                homeDirectory: nil,
                readFile: { _ in nil }),
            logger: .disabled)
    }

    @Test("UpdateUser moves a user, and a failed call keeps AWS's code and the whole message")
    func updateUserAndErrors() async throws {
        // moto drops a user's tags when UpdateUser moves it, so a reconcile cannot show this.
        let token = String(UUID().uuidString.lowercased().filter(\.isNumber).prefix(6))
        let connection = try Self.connection()
        let operations = connection.operations
        try await operations.createUser(name: "mover-\(token)", path: "/elsewhere/", tags: [])

        try await operations.updateUser(name: "mover-\(token)", newPath: "/channelops/")

        let live = try await operations.accountSnapshot()
        #expect(live.users["mover-\(token)"]?.path == "/channelops/")
        let error = await #expect(throws: IAMOperationError.self) {
            try await operations.updateUser(name: "missing-\(token)", newPath: "/channelops/")
        }
        #expect(error?.code == "NoSuchEntity")
        #expect(error?.message.hasPrefix("UpdateUser user=missing-\(token): NoSuchEntity: ") == true)
        #expect(connection.counter.counts.byAction["UpdateUser"] == 2)
    }

    @Test("a channel protected when last applied keeps its resources after its manifest is removed")
    func protectedWhenLastAppliedSurvivesRemoval() async throws {
        let token = String(UUID().uuidString.lowercased().filter(\.isNumber).prefix(6))
        let instance = "engine-\(token)"
        let connection = try Self.connection()
        let engine = Reconciler(operations: connection.operations)
        let manifest = """
            apiVersion: channelops.io/v1
            kind: Channel
            metadata: {name: vault-\(token)}
            spec:
              consumers: [{name: vault-app-\(token)}]
              permissions: [{actions: ["kms:Decrypt"], resources: ["*"]}]
              protect: true
            """
        let present = try await LoadedManifests.load(
            [("channels/vault.yaml", Array(manifest.utf8))], instance: instance)
        let first = try await engine.reconcile(
            present.rendered.state, options: DriftOptions(manifests: present.manifests, rendered: present.rendered))
        try #require(first.isConverged)

        // The manifest is gone; the status of the last run said the channel was protected.
        let gone = try await LoadedManifests.load([], instance: instance)
        let outcome = try await engine.reconcile(
            gone.rendered.state,
            options: DriftOptions(
                manifests: gone.manifests, rendered: gone.rendered, protectedWhenLastApplied: ["vault-\(token)"]),
            allowMassDelete: true
        )

        #expect(outcome.isConverged)
        #expect(outcome.applied?.appliedStepCount == 0)
        let report = outcome.report()
        #expect(
            report.retained.map { "\($0.kind.rawValue) \($0.name) \($0.reason.rawValue)" } == [
                "policy channelops-vault-\(token) protected", "user vault-app-\(token) protected",
            ])
        let kept = outcome.live.resources(ofChannel: "vault-\(token)", instance: instance)
        #expect(kept.users.map(\.name) == ["vault-app-\(token)"])
        #expect(kept.policies.map(\.name) == ["channelops-vault-\(token)"])

        // Without that memory the same run prunes them, which shows the set is what kept them.
        let pruned = try await engine.reconcile(
            gone.rendered.state, options: DriftOptions(manifests: gone.manifests, rendered: gone.rendered),
            allowMassDelete: true)
        #expect(pruned.isConverged)
        #expect(pruned.live.resources(ofChannel: "vault-\(token)", instance: instance).users.isEmpty)
    }
}
