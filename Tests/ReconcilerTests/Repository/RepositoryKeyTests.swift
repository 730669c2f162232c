import AgeSeal
import ChannelCore
import Foundation
import GitStore
import Testing

@testable import Reconciler

/// Access keys through a repository reconcile, as `watch` runs it: the sealed key committed as
/// `status/keys/<user>.age` with the status, the records read back by the next run.
struct RepositoryKeyTests {
    /// A channel `bot` whose consumer `web` has a key sealed for `recipient`.
    static func manifest(recipient: String) -> String {
        """
        apiVersion: channelops.io/v1
        kind: Channel
        metadata:
          name: bot
        spec:
          consumers:
            - name: web
              accessKey:
                enabled: true
                rotateAfterDays: 30
                recipients: [\(recipient)]
          permissions:
            - actions: [lex:PostText]
              resources: ["*"]

        """
    }

    /// A reconcile of the fixture's remote into `iam` at `time`, issuing keys into `stage`.
    static func reconcile(
        _ fixture: GitFixture,
        iam: FakeIAM,
        stage: StagedKeyDelivery,
        time: String
    ) throws -> RepositoryReconcile {
        let source = try ConfigSource.remote(
            fixture.bare, cacheFolder: fixture.folder + "/cache", environment: [:], branch: "main",
            manifestFolder: "channels", credentials: GitCredentials.none)
        let recorded = RecordedTime(fixed: RecordedTime.parse(time))
        let engine = Reconciler(operations: iam, sleep: { _ in }, keyDelivery: stage, clock: recorded.clock)
        return RepositoryReconcile(
            source: source, engine: engine, settings: .init(), recordedTime: recorded, keyStage: stage)
    }

    /// The bytes of `path` at the remote's `main`.
    static func blob(_ fixture: GitFixture, _ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["cat-file", "blob", "main:\(path)"]
        process.currentDirectoryURL = URL(fileURLWithPath: fixture.bare)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "no \(path) at main")
        return Array(data)
    }

    @Test("the sealed key is committed with the status, kept by runs that issue none, replaced on rotation")
    func committedAndRotated() async throws {
        let identity = try AgeIdentity()
        let fixture = try GitFixture(files: [
            "channels/bot.yaml": Self.manifest(recipient: identity.recipient.description)
        ])
        let iam = FakeIAM()
        let stage = StagedKeyDelivery()

        // The first run issues the key and commits it, sealed, with the status that records it.
        let first = try await Self.reconcile(fixture, iam: iam, stage: stage, time: "2026-01-01T00:00:00Z").runOnce()
        #expect(first.outcome.isConverged)
        let sealed = try Self.blob(fixture, "status/keys/web.age")
        let opened = String(decoding: try AgeDecryptor.open(sealed, identity: identity), as: UTF8.self)
        let secret = try #require(await iam.secrets.first)
        #expect(opened.contains("\"SecretAccessKey\": \"\(secret)\""))
        let status = try fixture.remoteFile("status/bot.yaml")
        #expect(
            status.contains(
                """
                accessKeys:
                  - user: web
                    accessKeyId: AKIAFAKE2
                    created: "2026-01-01T00:00:00Z"
                    issued: "2026-01-01T00:00:00Z"
                    status: Active

                """), "\(status)")
        #expect(try fixture.remoteFile("status/REPORT.md").contains("| `bot` | `web` | `AKIAFAKE2` | Active |"))
        #expect(!(try fixture.inRemote("log", "-p", "--all")).contains(secret))
        #expect(stage.files.isEmpty)

        // A run that changes nothing reads the record back, keeps the file and commits nothing.
        let head = try fixture.inRemote("rev-parse", "main")
        let second = try await Self.reconcile(fixture, iam: iam, stage: stage, time: "2026-01-10T00:00:00Z").runOnce()
        #expect(second.revision.status.deliveredAccessKeys.map(\.accessKeyID) == ["AKIAFAKE2"])
        #expect(second.outcome.plan?.isEmpty == true)
        #expect(second.publication == .unchanged(head: try #require(ObjectID(hex: head))))

        // Rotation: the new key's file replaces the old one; both keys are recorded.
        await iam.advance(days: 30)
        let third = try await Self.reconcile(fixture, iam: iam, stage: stage, time: "2026-01-31T00:00:00Z").runOnce()
        #expect(third.outcome.isConverged)
        let rotated = String(
            decoding: try AgeDecryptor.open(try Self.blob(fixture, "status/keys/web.age"), identity: identity),
            as: UTF8.self)
        #expect(rotated.contains("\"AccessKeyId\": \"AKIAFAKE3\""))
        let keys = try fixture.remoteFile("status/bot.yaml").components(separatedBy: "accessKeyId: ").count - 1
        #expect(keys == 2)
        #expect(try fixture.inRemote("ls-tree", "--name-only", "main:status/keys") == "web.age")
    }

    @Test("a status that cannot be read leaves its users' keys alone instead of retiring them")
    func unreadableStatusKeepsKeys() async throws {
        let identity = try AgeIdentity()
        let fixture = try GitFixture(files: [
            "channels/bot.yaml": Self.manifest(recipient: identity.recipient.description)
        ])
        let iam = FakeIAM()
        let stage = StagedKeyDelivery()
        _ = try await Self.reconcile(fixture, iam: iam, stage: stage, time: "2026-01-01T00:00:00Z").runOnce()
        try fixture.commit(["status/bot.yaml": "phase: [broken\n"], message: "break the status")

        let result = try await Self.reconcile(fixture, iam: iam, stage: stage, time: "2026-01-02T00:00:00Z").runOnce()

        #expect(result.outcome.initial.channel("bot")?.changes == [])
        #expect(
            result.outcome.initial.channel("bot")?.notes == [
                "the access keys of user web are left as they are: the status of channel 'bot' cannot be read, so "
                    + "which keys channelops delivered is unknown; repair status/bot.yaml (without it the keys count "
                    + "as not delivered and are deleted)"
            ])
        #expect(await iam.users["web"]?.accessKeys.map(\.id) == ["AKIAFAKE2"])
    }
}
