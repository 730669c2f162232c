import Foundation
import Testing

@testable import GitStore

@Suite("status commits and pushes")
struct StatusCommitTests {
    static let manifests = ["channels/support.yaml": "kind: Channel\n", "README.md": "top\n"]
    static let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let message = StatusCommitMessage(
        subject: "status: reconciled",
        body: "created user support-web-widget",
        trailers: [CommitTrailer(key: "Channelops-Observed-Commit", value: "abc1234")])

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a status commit changes only status/, with the default author and the status trailer")
    func commitTouchesOnlyStatus() async throws {
        let remote = try RemoteFixture(files: Self.manifests.merging(["status/old.yaml": "old\n"]) { $1 })
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let files = ["support.yaml": Self.bytes("phase: InSync\n"), "REPORT.md": Self.bytes("# Report\n")]

        let commit = try #require(
            try await store.makeStatusCommit(onto: head, files: files, message: Self.message, date: Self.date))
        #expect(try await store.push(commit, toBranch: "main", expectedHead: head) == .pushed(commit))

        let changed = try remote.gitInRemote("diff-tree", "--no-commit-id", "--name-status", "-r", "main^", "main")
        #expect(
            changed.split(separator: "\n") == ["A\tstatus/REPORT.md", "D\tstatus/old.yaml", "A\tstatus/support.yaml"])
        #expect(try remote.gitInRemote("show", "main:status/support.yaml") == "phase: InSync")
        #expect(
            try remote.gitInRemote("log", "-1", "--format=%an <%ae>|%cn <%ce>|%aI", "main")
                == "channelops <channelops@localhost>|channelops <channelops@localhost>|2026-01-01T00:00:00+00:00")
        #expect(
            try remote.gitInRemote("log", "-1", "--format=%B", "main")
                == "status: reconciled\n\ncreated user support-web-widget\n\n"
                + "Channelops-Observed-Commit: abc1234\nChannelops-Status: true")
        let info = try await store.commitInfo(commit)
        #expect(info.isStatusCommit)
        #expect(info.parents == [head])
        #expect(try await !store.commitInfo(head).isStatusCommit)
        #expect(try await store.statusFiles(at: commit) == files)
    }

    @Test("the same status content on the head makes no commit")
    func unchangedContentMakesNoCommit() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let files = ["nested/a.yaml": Self.bytes("a\n"), "REPORT.md": Self.bytes("r\n")]
        let commit = try #require(
            try await store.makeStatusCommit(onto: head, files: files, message: Self.message, date: Self.date))

        let again = try await store.makeStatusCommit(
            onto: commit, files: files, message: Self.message, date: Self.date.addingTimeInterval(60))
        let nothing = try await store.makeStatusCommit(onto: head, files: [:], message: Self.message, date: Self.date)

        #expect(again == nil)
        #expect(nothing == nil)
    }

    @Test("an empty file map removes the status folder")
    func emptyMapRemovesFolder() async throws {
        let remote = try RemoteFixture(files: Self.manifests.merging(["status/a.yaml": "a\n"]) { $1 })
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let commit = try #require(
            try await store.makeStatusCommit(onto: head, files: [:], message: Self.message, date: Self.date))

        #expect(try await store.statusFiles(at: commit).isEmpty)
        #expect(try await store.treeID(at: commit, folder: "status") == nil)
        #expect(try await !store.changesOutsideStatus(from: head, to: commit))
    }

    @Test("status-only commits change nothing outside status/, a manifest commit does")
    func changesOutsideStatus() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let start = try await store.fetch(branch: "main")
        let status = try #require(
            try await store.makeStatusCommit(
                onto: start, files: ["a.yaml": Self.bytes("a\n")], message: Self.message, date: Self.date))
        _ = try await store.push(status, toBranch: "main", expectedHead: start)
        try remote.pull()
        let edit = try remote.commit(["channels/support.yaml": "kind: Channel\n# edited\n"], message: "edit")
        let edited = try await store.fetch(branch: "main")

        #expect(try await !store.changesOutsideStatus(from: start, to: status))
        #expect(try await store.changesOutsideStatus(from: status, to: edited))
        #expect(edited.hex == edit)
    }

    @Test(
        "a status path that is not canonical is refused",
        arguments: [
            ("/a.yaml", "empty path component; write 'a/b.yaml'"),
            ("a//b.yaml", "empty path component; write 'a/b.yaml'"),
            ("./a.yaml", "'.' is not allowed in the path"),
            ("../a.yaml", "'..' is not allowed in the path"),
            (".git/config", "'.git' is not allowed in the path"),
        ])
    func invalidStatusPath(path: String, reason: String) async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let error = await #expect(throws: GitError.self) {
            try await store.makeStatusCommit(onto: head, files: [path: []], message: Self.message, date: Self.date)
        }

        #expect(error?.description == "invalid status file path '\(path)': \(reason)")
    }

    @Test("a path used both as a file and as a folder is refused")
    func fileAndFolder() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let files = ["a": Self.bytes("x"), "a/b.yaml": Self.bytes("y")]

        let error = await #expect(throws: GitError.self) {
            try await store.makeStatusCommit(onto: head, files: files, message: Self.message, date: Self.date)
        }

        let text = try #require(error?.description)
        #expect(
            text == "invalid status file path 'a/b.yaml': 'a' is also used as a file"
                || text == "invalid status file path 'a': 'a' is also used as a folder")
    }

    @Test(
        "a commit message that cannot be rendered is refused",
        arguments: [
            (StatusCommitMessage(subject: ""), "invalid commit subject '': it must be one non-empty line"),
            (
                StatusCommitMessage(subject: "s", trailers: [CommitTrailer(key: "Bad Key", value: "v")]),
                "invalid trailer key 'Bad Key': use only letters, digits and '-'"
            ),
            (
                StatusCommitMessage(subject: "s", trailers: [CommitTrailer(key: "K", value: "a\nb")]),
                "invalid value of trailer 'K' 'a\nb': it must fit on one line"
            ),
        ])
    func invalidMessage(message: StatusCommitMessage, expected: String) throws {
        let error = #expect(throws: GitError.self) { try message.rendered() }

        #expect(error?.description == expected)
    }

    @Test("a push after someone else pushed reports the moved branch and changes nothing")
    func pushDetectsMovedBranch() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")
        let commit = try #require(
            try await store.makeStatusCommit(
                onto: head, files: ["a.yaml": Self.bytes("a\n")], message: Self.message, date: Self.date))
        let other = try remote.commit(["channels/new.yaml": "kind: Channel\n"], message: "someone else")

        let result = try await store.push(commit, toBranch: "main", expectedHead: head)

        #expect(result == .branchMoved(remoteHead: ObjectID(hex: other)))
        #expect(try remote.gitInRemote("rev-parse", "main") == other)
    }

    @Test("publishing retries on top of a commit pushed between fetch and push, keeping it")
    func publishRetriesOnMovedBranch() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let calls = Counter()
        let work = remote.work

        let result = try await store.publishStatus(branch: "main", date: Self.date) { base in
            // The first time, another user pushes while the status commit is being built.
            if calls.increment() == 1 {
                _ = try? GitCommand.run(["commit", "--quiet", "--allow-empty", "-m", "concurrent"], in: work)
                _ = try? GitCommand.run(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: work)
            }
            return StatusContent(files: ["a.yaml": Array("seen \(base.head.shortHex)\n".utf8)], message: Self.message)
        }

        let concurrent = try GitCommand.run(["rev-parse", "HEAD"], in: work)
        guard case .pushed(let commit, let parent, let attempts) = result else {
            Issue.record("expected a pushed status commit, got \(result)")
            return
        }
        #expect(attempts == 2)
        #expect(calls.value == 2)
        #expect(parent.hex == concurrent)
        #expect(try remote.gitInRemote("rev-parse", "main") == commit.hex)
        #expect(try remote.gitInRemote("rev-parse", "main^") == concurrent)
        #expect(try remote.gitInRemote("log", "-1", "--format=%s", "main^") == "concurrent")
        #expect(try remote.gitInRemote("show", "main:status/a.yaml") == "seen \(parent.shortHex)")
    }

    @Test("publishing the same content again makes no commit")
    func publishUnchanged() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let content = StatusContent(files: ["a.yaml": Self.bytes("a\n")], message: Self.message)
        let first = try await store.publishStatus(branch: "main", date: Self.date) { _ in content }
        let pushedHead = try remote.gitInRemote("rev-parse", "main")

        let second = try await store.publishStatus(branch: "main", date: Self.date) { _ in content }
        let declined = try await store.publishStatus(branch: "main", date: Self.date) { _ in nil }

        guard case .pushed(let commit, _, 1) = first else {
            Issue.record("expected one push, got \(first)")
            return
        }
        #expect(commit.hex == pushedHead)
        #expect(second == .unchanged(head: commit))
        #expect(declined == .unchanged(head: commit))
        #expect(try remote.gitInRemote("rev-parse", "main") == pushedHead)
    }

    @Test("publishing gives up after the branch moved before every push")
    func publishGivesUp() async throws {
        let remote = try RemoteFixture(files: Self.manifests)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let work = remote.work

        let error = await #expect(throws: GitError.self) {
            try await store.publishStatus(branch: "main", date: Self.date, maxAttempts: 2) { _ in
                _ = try? GitCommand.run(["commit", "--quiet", "--allow-empty", "-m", "busy"], in: work)
                _ = try? GitCommand.run(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: work)
                return StatusContent(files: ["a.yaml": [1]], message: Self.message)
            }
        }

        #expect(
            error?.description
                == "publishing status on branch 'main' of '\(remote.bare)' failed: the branch moved "
                + "before each of 2 pushes; the next run tries again")
    }
}

/// A thread-safe call counter for `@Sendable` closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds one and returns the new count.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
