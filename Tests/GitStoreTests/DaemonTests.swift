import Foundation
import Testing

@testable import GitStore

/// The same operations over `git://`, through libgit2's network transport instead of the local one.
@Suite("git:// remote served by git daemon")
struct DaemonTests {
    static let files = ["channels/support.yaml": "kind: Channel\n", "README.md": "top\n"]
    static let date = Date(timeIntervalSince1970: 1_767_225_600)
    static let message = StatusCommitMessage(subject: "status")

    @Test("clone, fetch new commits and read manifests over git://")
    func cloneAndFetch() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let daemon = try GitDaemon(basePath: remote.scratch.path)
        let store = try GitStore(cacheFor: daemon.url("remote.git"), in: remote.cachePath())

        let first = try await store.fetch(branch: "main")
        let pushed = try remote.commit(["channels/billing.yaml": "kind: Channel\n"], message: "add billing")
        let second = try await store.fetch(branch: "main")
        let snapshot = try await store.manifests(at: second, folder: "channels")

        #expect(first.hex != pushed)
        #expect(second.hex == pushed)
        #expect(snapshot.files.map(\.path) == ["channels/billing.yaml", "channels/support.yaml"])
        #expect(store.remoteDisplayName == daemon.url("remote.git"))
    }

    @Test("a status push over git:// lands, and a moved branch is detected and retried on top")
    func pushAndRetry() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let daemon = try GitDaemon(basePath: remote.scratch.path)
        let store = try GitStore(cacheFor: daemon.url("remote.git"), in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let stale = try #require(
            try await store.makeStatusCommit(onto: head, files: ["a.yaml": [1]], message: Self.message, date: Self.date)
        )
        let other = try remote.commit(["channels/new.yaml": "kind: Channel\n"], message: "someone else")

        let moved = try await store.push(stale, toBranch: "main", expectedHead: head)
        let work = remote.work
        let calls = Counter()
        let published = try await store.publishStatus(branch: "main", date: Self.date) { _ in
            if calls.increment() == 1 {
                _ = try? GitCommand.run(["commit", "--quiet", "--allow-empty", "-m", "concurrent"], in: work)
                _ = try? GitCommand.run(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: work)
            }
            return StatusContent(files: ["a.yaml": [2]], message: Self.message)
        }

        #expect(moved == .branchMoved(remoteHead: ObjectID(hex: other)))
        let concurrent = try GitCommand.run(["rev-parse", "HEAD"], in: work)
        guard case .pushed(let commit, let parent, 2) = published else {
            Issue.record("expected a push on the second attempt, got \(published)")
            return
        }
        #expect(parent.hex == concurrent)
        #expect(try remote.gitInRemote("rev-parse", "main") == commit.hex)
        #expect(try remote.gitInRemote("rev-parse", "main^") == concurrent)
        #expect(try remote.gitInRemote("rev-parse", "main^^") == other)
    }

    @Test("the lease over git:// is acquired, renewed, and a stale swap loses")
    func lease() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let daemon = try GitDaemon(basePath: remote.scratch.path)
        let url = daemon.url("remote.git")
        let one = try GitStore(cacheFor: url, in: remote.cachePath("one"))
        let two = try GitStore(cacheFor: url, in: remote.cachePath("two"))

        #expect(try await one.readLease(instance: "default") == nil)
        let acquired = try await one.acquireLease(
            instance: "default", holder: "w1", now: Self.date, duration: .seconds(5))
        guard case .acquired(let lease) = acquired else {
            Issue.record("expected the lease, got \(acquired)")
            return
        }
        let seen = try await two.readLease(instance: "default")
        let renewed = try await one.renewLease(lease, now: Self.date.addingTimeInterval(1), duration: .seconds(5))
        let stale = try await two.takeLease(
            instance: "default", holder: "w2", now: Self.date.addingTimeInterval(60), duration: .seconds(5),
            replacing: seen)

        #expect(seen == lease)
        guard case .updated(let current) = renewed else {
            Issue.record("expected the renewal, got \(renewed)")
            return
        }
        #expect(stale == .lostRace(current: current))
        #expect(
            try remote.gitInRemote("show", "refs/channelops/lease/default:lease")
                == "holder: w1\nexpires: 2026-01-01T00:00:06Z")
    }

    @Test("a push the server refuses for another reason is an error naming the server's reason")
    func serverRejects() async throws {
        let remote = try RemoteFixture(files: Self.files)
        try Self.installHook(in: remote, script: "exit 1")
        let daemon = try GitDaemon(basePath: remote.scratch.path)
        let store = try GitStore(cacheFor: daemon.url("remote.git"), in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let commit = try #require(
            try await store.makeStatusCommit(onto: head, files: ["a.yaml": [1]], message: Self.message, date: Self.date)
        )

        let error = await #expect(throws: GitError.self) {
            try await store.push(commit, toBranch: "main", expectedHead: head)
        }

        #expect(
            error?.description
                == "'\(daemon.url("remote.git"))' rejected the update of refs/heads/main: pre-receive hook declined")
        #expect(try remote.gitInRemote("rev-parse", "main") == head.hex)
    }

    @Test("a branch moved after negotiation is caught by the server's check and reported as moved")
    func serverSideCompareAndSwap() async throws {
        let remote = try RemoteFixture(files: Self.files)
        // The hook runs after the client checked the advertised head: it moves the branch, so
        // the server's own old-value check is what must refuse the update.
        try Self.installHook(
            in: remote,
            script: """
                unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
                next=$(git commit-tree 'main^{tree}' -p main -m sneaky)
                git update-ref refs/heads/main "$next"
                """)
        let daemon = try GitDaemon(basePath: remote.scratch.path)
        let store = try GitStore(cacheFor: daemon.url("remote.git"), in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let commit = try #require(
            try await store.makeStatusCommit(onto: head, files: ["a.yaml": [1]], message: Self.message, date: Self.date)
        )

        let result = try await store.push(commit, toBranch: "main", expectedHead: head)

        let sneaky = try remote.gitInRemote("rev-parse", "main")
        #expect(result == .branchMoved(remoteHead: ObjectID(hex: sneaky)))
        #expect(try remote.gitInRemote("log", "-1", "--format=%s", "main") == "sneaky")
        #expect(try remote.gitInRemote("rev-parse", "main^") == head.hex)
    }

    /// Installs an executable pre-receive hook running `script` with sh in the bare remote.
    static func installHook(in remote: RemoteFixture, script: String) throws {
        let path = remote.bare + "/hooks/pre-receive"
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
