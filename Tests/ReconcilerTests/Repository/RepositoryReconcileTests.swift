import ChannelCore
import Foundation
import GitStore
import Synchronization
import Testing

@testable import Reconciler

/// Reconciling a config repository against the in-memory IAM: status committed back to a bare
/// repository, nothing committed when nothing changed, and a push that finds the branch moved.
struct RepositoryReconcileTests {
    static let time = "2024-05-01T12:00:00Z"

    /// A reconcile of `remote` into `iam`, with its cache in the fixture's folder.
    static func reconcile(
        _ fixture: GitFixture,
        remote: String? = nil,
        iam: FakeIAM,
        settings: RepositoryReconcile.Settings = .init(),
        logs: LogCapture = LogCapture(),
        willBuild: (@Sendable (StatusBase) -> Void)? = nil
    ) throws -> RepositoryReconcile {
        let source = try ConfigSource.remote(
            remote ?? fixture.bare, cacheFolder: fixture.folder + "/cache", environment: [:], branch: "main",
            manifestFolder: "channels", credentials: GitCredentials.none)
        let engine = Reconciler(operations: iam, logger: logs.logger, sleep: { _ in })
        return RepositoryReconcile(
            source: source, engine: engine, settings: settings,
            publisher: StatusPublisher(store: source.store, branch: "main", willBuild: willBuild),
            recordedTime: RecordedTime(fixed: RecordedTime.parse(time)))
    }

    @Test("a run converges IAM and pushes a status commit; a second run commits nothing")
    func statusCommitThenNothing() async throws {
        let fixture = try GitFixture()
        let manifests = try fixture.inRemote("rev-parse", "main")
        let iam = FakeIAM()
        let reconcile = try Self.reconcile(fixture, iam: iam)

        let first = try await reconcile.runOnce()
        #expect(first.outcome.isConverged)
        guard case .pushed(let commit, let parent, let attempts) = try #require(first.publication) else {
            Issue.record("expected a pushed status commit, got \(String(describing: first.publication))")
            return
        }
        #expect(parent.hex == manifests)
        #expect(attempts == 1)
        #expect(try fixture.inRemote("rev-parse", "main") == commit.hex)

        let status = try fixture.remoteFile("status/alpha.yaml")
        #expect(status.contains("phase: InSync\n"))
        #expect(
            status.contains("observedCommit: \"\(manifests)\"\n") || status.contains("observedCommit: \(manifests)\n"))
        #expect(status.contains("arn: arn:aws:iam::123456789012:user/channelops/alpha-app\n"))
        #expect(status.contains("arn: arn:aws:iam::123456789012:policy/channelops/channelops-alpha\n"))
        #expect(status.contains("lastReconciled: \"\(Self.time)\"\n"))
        #expect(try fixture.remoteFile("status/REPORT.md").contains("| `alpha` | InSync | 1 |"))
        let message = try fixture.inRemote("log", "-1", "--format=%B", "main")
        #expect(message.hasPrefix("status: reconciled \(manifests.prefix(7)), 3 changes applied\n"))
        #expect(message.contains("- alpha: CreateUser user=alpha-app path=/channelops/\n"))
        #expect(message.contains("Channelops-Observed-Commit: \(manifests)\nChannelops-Instance: default\n"))
        #expect(message.hasSuffix("Channelops-Status: true"))
        #expect(
            try fixture.inRemote("log", "-1", "--format=%an <%ae> %aI", "main")
                == "channelops <channelops@localhost> 2024-05-01T12:00:00+00:00")

        // Nothing changed: no commit, whatever the clock says.
        let later = RepositoryReconcile(
            source: reconcile.source, engine: reconcile.engine, settings: reconcile.settings,
            publisher: reconcile.publisher, recordedTime: RecordedTime(fixed: Date()))
        let second = try await later.runOnce()
        #expect(second.publication == .unchanged(head: commit))
        #expect(second.appliedCount == 0)
        #expect(try fixture.inRemote("rev-parse", "main") == commit.hex)
    }

    @Test("a commit pushed between the fetch and the push is kept, and the status lands on top of it")
    func branchMovedBeforePush() async throws {
        let fixture = try GitFixture()
        let iam = FakeIAM()
        let moved = Mutex(false)
        let other = Mutex<String?>(nil)
        let reconcile = try Self.reconcile(fixture, iam: iam) { _ in
            // The first time only, someone else pushes before channelops does.
            let first = moved.withLock { done in
                let wasFirst = !done
                done = true
                return wasFirst
            }
            guard first else { return }
            let id = try? fixture.commit(["README.md": "hello\n"], message: "docs")
            other.withLock { $0 = id }
        }

        let result = try await reconcile.runOnce()
        let otherCommit = try #require(other.withLock { $0 })
        guard case .pushed(let commit, let parent, let attempts) = try #require(result.publication) else {
            Issue.record("expected a pushed status commit, got \(String(describing: result.publication))")
            return
        }
        #expect(attempts == 2)
        #expect(parent.hex == otherCommit)
        #expect(try fixture.inRemote("rev-parse", "main") == commit.hex)
        #expect(try fixture.inRemote("rev-parse", "main~1") == otherCommit)
        #expect(try fixture.remoteFile("README.md") == "hello")
        #expect(try fixture.remoteFile("status/alpha.yaml").contains("phase: InSync"))
    }

    @Test("status commits and unrelated files keep or move the observed commit as they should")
    func observedCommit() async throws {
        let fixture = try GitFixture()
        let manifests = try fixture.inRemote("rev-parse", "main")
        let iam = FakeIAM()
        let reconcile = try Self.reconcile(fixture, iam: iam)
        _ = try await reconcile.runOnce()

        // Only status commits since: the status keeps naming the manifests' commit.
        let again = try await reconcile.runOnce()
        #expect(again.revision.observedCommit.hex == manifests)

        // A commit outside status/ is what the status names next, in a new status commit.
        let docs = try fixture.commit(["README.md": "docs\n"], message: "docs")
        let third = try await reconcile.runOnce()
        #expect(third.revision.observedCommit.hex == docs)
        guard case .pushed = try #require(third.publication) else {
            Issue.record("expected a status commit naming the new commit")
            return
        }
        #expect(try fixture.remoteFile("status/alpha.yaml").contains(docs))
    }

    @Test("a protected channel whose manifest is removed keeps its resources and its protect flag")
    func protectCarriesOver() async throws {
        let fixture = try GitFixture(files: [
            "channels/alpha.yaml": GitFixture.alpha,
            "channels/beta.yaml": GitFixture.channel("beta", consumers: ["beta-app"], protect: true),
        ])
        let iam = FakeIAM()
        let reconcile = try Self.reconcile(fixture, iam: iam)
        _ = try await reconcile.runOnce()
        #expect(try fixture.remoteFile("status/beta.yaml").contains("protect: true\n"))

        try fixture.commit([:], removing: ["channels/beta.yaml"], message: "remove beta")
        let result = try await reconcile.runOnce()
        #expect(await iam.users["beta-app"] != nil)
        #expect(result.outcome.report().retained.map(\.name) == ["channelops-beta", "beta-app"])
        let beta = try fixture.remoteFile("status/beta.yaml")
        #expect(beta.contains("protect: true\n"))
        #expect(beta.contains("reason: ResourcesRetained\n"))

        // And on the next run it is still protected.
        let next = try await reconcile.runOnce()
        #expect(await iam.users["beta-app"] != nil)
        guard case .unchanged = try #require(next.publication) else {
            Issue.record("expected no new status commit")
            return
        }
    }

    @Test("an unreadable status file protects its channel, with a warning")
    func unreadableStatusProtects() async throws {
        let fixture = try GitFixture(files: [
            "channels/alpha.yaml": GitFixture.alpha,
            "channels/beta.yaml": GitFixture.channel("beta", consumers: ["beta-app"]),
        ])
        let iam = FakeIAM()
        let logs = LogCapture()
        let reconcile = try Self.reconcile(fixture, iam: iam, logs: logs)
        _ = try await reconcile.runOnce()
        try fixture.commit(
            ["status/beta.yaml": "phase: [broken\n"], removing: ["channels/beta.yaml"], message: "break status")
        let result = try await reconcile.runOnce()
        let warning = try #require(
            logs.all.first { $0.message == "status file unreadable; its channel counts as protected" })
        #expect(warning.level == .warning)
        #expect(warning.metadata["error"]?.hasPrefix("status/beta.yaml:") == true)
        #expect(result.revision.status.unreadableChannels == ["beta"])
        #expect(await iam.users["beta-app"] != nil)
        #expect(result.outcome.report().retained.map(\.reason) == [.protected, .protected])
    }

    @Test("an invalid manifest is recorded as Invalid, and its resources are left alone")
    func invalidManifest() async throws {
        let fixture = try GitFixture()
        let iam = FakeIAM()
        let reconcile = try Self.reconcile(fixture, iam: iam)
        _ = try await reconcile.runOnce()
        try fixture.commit(["channels/alpha.yaml": GitFixture.alpha + "  bogus: 1\n"], message: "typo")
        let result = try await reconcile.runOnce()
        #expect(!result.loaded.isValid)
        #expect(await iam.users["alpha-app"] != nil)
        let status = try fixture.remoteFile("status/alpha.yaml")
        #expect(status.contains("phase: Invalid\n"))
        #expect(status.contains("reason: InvalidManifest\n"))
    }

    @Test("a missing manifest folder is an error, not a reason to delete everything")
    func missingFolder() async throws {
        let fixture = try GitFixture()
        let iam = FakeIAM()
        _ = try await Self.reconcile(fixture, iam: iam).runOnce()
        let moved = try fixture.commit(
            ["config/alpha.yaml": GitFixture.alpha], removing: ["channels/alpha.yaml"], message: "move")
        let reconcile = try Self.reconcile(fixture, iam: iam)
        await #expect {
            try await reconcile.runOnce()
        } throws: { error in
            (error as? RepositoryReconcileError)?.description
                == "the manifest folder 'channels' does not exist at commit \(moved.prefix(7)); check --path, "
                + "or commit the manifests there"
        }
        #expect(await iam.users["alpha-app"] != nil)
    }

    @Test("--no-status and --dry-run write nothing to the branch")
    func noStatus() async throws {
        let fixture = try GitFixture()
        let head = try fixture.inRemote("rev-parse", "main")
        let iam = FakeIAM()
        let noStatus = try Self.reconcile(fixture, iam: iam, settings: .init(writesStatus: false))
        let applied = try await noStatus.runOnce()
        #expect(applied.outcome.isConverged)
        #expect(applied.publication == nil)
        let dryRun = try Self.reconcile(fixture, iam: FakeIAM(), settings: .init(dryRun: true))
        #expect(try await dryRun.runOnce().publication == nil)
        #expect(try fixture.inRemote("rev-parse", "main") == head)
    }

    @Test("the same over git:// from git daemon, with a server hook moving the branch before the push")
    func overGitDaemon() async throws {
        let fixture = try GitFixture()
        // Someone else's commit waits on a side branch; the hook makes it main's head, once,
        // while channelops' push is being received, so that push finds the branch moved.
        let other = try fixture.commit(["README.md": "other\n"], message: "other")
        try fixture.inRemote("update-ref", "refs/heads/side", other)
        try fixture.inRemote("update-ref", "refs/heads/main", "main~1")
        let hook = fixture.bare + "/hooks/pre-receive"
        try Data(
            """
            #!/bin/sh
            cat >/dev/null
            if [ ! -e "$GIT_DIR/moved" ]; then
                touch "$GIT_DIR/moved"
                env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES \\
                    git update-ref refs/heads/main refs/heads/side
            fi
            exit 0

            """.utf8
        ).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let daemon = try GitDaemonProcess(basePath: fixture.folder)

        let iam = FakeIAM()
        let reconcile = try Self.reconcile(fixture, remote: daemon.url("remote.git"), iam: iam)
        let result = try await reconcile.runOnce()
        guard case .pushed(let commit, let parent, let attempts) = try #require(result.publication) else {
            Issue.record("expected a pushed status commit, got \(String(describing: result.publication))")
            return
        }
        #expect(attempts == 2)
        #expect(parent.hex == other)
        #expect(try fixture.inRemote("rev-parse", "main") == commit.hex)
        #expect(try fixture.remoteFile("README.md") == "other")
        #expect(try fixture.remoteFile("status/alpha.yaml").contains("phase: InSync"))

        // The next run sees the other commit's content, so its status names that commit, once.
        let second = try await reconcile.runOnce()
        #expect(second.revision.observedCommit.hex == other)
        guard case .pushed(let renamed, _, _) = try #require(second.publication) else {
            Issue.record("expected a status commit naming the other commit")
            return
        }
        let third = try await reconcile.runOnce()
        #expect(third.publication == .unchanged(head: renamed))
    }
}

extension RepositoryReconcileTests {
    @Test("a checkout's origin is fetched and gets the status; the checkout's own branch and files stay as they are")
    func checkoutSource() async throws {
        let fixture = try GitFixture()
        let checkedOut = try fixture.git("rev-parse", "HEAD")
        try FileManager.default.createDirectory(atPath: fixture.work + "/docs", withIntermediateDirectories: true)
        let source = try ConfigSource.checkout(
            containing: fixture.work + "/docs", branch: "main", manifestFolder: "../channels", environment: [:])
        #expect(source.manifestFolder == "channels")
        let reconcile = RepositoryReconcile(
            source: source, engine: Reconciler(operations: FakeIAM(), sleep: { _ in }), settings: .init())

        let result = try await reconcile.runOnce()
        guard case .pushed(let commit, _, _) = try #require(result.publication) else {
            Issue.record("expected a pushed status commit")
            return
        }
        #expect(try fixture.inRemote("rev-parse", "main") == commit.hex)
        #expect(try fixture.git("rev-parse", "HEAD") == checkedOut)
        #expect(!FileManager.default.fileExists(atPath: fixture.work + "/status"))

        #expect {
            try ConfigSource.checkout(
                containing: fixture.work, branch: "main", manifestFolder: "/etc", environment: [:])
        } throws: { error in
            (error as? SourceError)?.description
                == "invalid manifest folder '/etc': it is outside the checkout at '\(fixture.work)'; pass a folder "
                + "inside it, or use --repo"
        }
    }
}
