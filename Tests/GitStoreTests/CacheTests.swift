import Foundation
import Testing

@testable import GitStore

@Suite("cache of a remote")
struct CacheTests {
    static let manifest = "apiVersion: channelops.io/v1\nkind: Channel\nmetadata:\n  name: support-bot\n"

    @Test("a path remote is cloned into a bare cache and its branch resolves to the remote head")
    func clonesFromPath() async throws {
        let remote = try RemoteFixture(files: ["channels/support.yaml": Self.manifest])
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())

        let head = try await store.fetch(branch: "main")

        #expect(head.hex == (try remote.gitInRemote("rev-parse", "main")))
        #expect(try await store.resolveBranch("main") == head)
        #expect(store.workTreePath == nil)
        #expect(try GitCommand.run(["rev-parse", "--is-bare-repository"], in: remote.cachePath()) == "true")
    }

    @Test("a file:// remote is cloned and fetched like a path")
    func clonesFromFileURL() async throws {
        let remote = try RemoteFixture(files: ["channels/support.yaml": Self.manifest])
        let store = try GitStore(cacheFor: "file://" + remote.bare, in: remote.cachePath())

        let head = try await store.fetch(branch: "main")
        let snapshot = try await store.manifests(at: head, folder: "channels")

        #expect(head.hex == (try remote.gitInRemote("rev-parse", "main")))
        #expect(snapshot.files.map(\.path) == ["channels/support.yaml"])
    }

    @Test("reopening the cache fetches commits pushed since")
    func fetchesNewCommits() async throws {
        let remote = try RemoteFixture(files: ["channels/support.yaml": Self.manifest])
        let cache = remote.cachePath()
        let first = try await GitStore(cacheFor: remote.bare, in: cache).fetch(branch: "main")
        let pushed = try remote.commit(["channels/billing.yaml": Self.manifest], message: "add billing")

        let store = try GitStore(cacheFor: remote.bare, in: cache)
        let head = try await store.fetch(branch: "main")
        let snapshot = try await store.manifests(at: head, folder: "channels")

        #expect(head != first)
        #expect(head.hex == pushed)
        #expect(snapshot.files.map(\.path) == ["channels/billing.yaml", "channels/support.yaml"])
        #expect(try await store.commitInfo(head).parents == [first])
    }

    @Test("a cache made for another remote is refused with both remotes named")
    func refusesOtherRemote() throws {
        let remote = try RemoteFixture(files: ["a.yaml": Self.manifest])
        let other = try RemoteFixture(files: ["b.yaml": Self.manifest])
        let cache = remote.cachePath()
        _ = try GitStore(cacheFor: remote.bare, in: cache)

        let error = #expect(throws: GitError.self) { try GitStore(cacheFor: other.bare, in: cache) }

        #expect(
            error?.description
                == "the cache folder '\(cache)' holds a clone of '\(remote.bare)', not '\(other.bare)'; "
                + "remove the folder or choose another cache folder")
    }

    @Test("a cache folder holding other files is refused")
    func refusesNonEmptyFolder() throws {
        let scratch = try Scratch()
        try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.folder("notes.txt")))

        let error = #expect(throws: GitError.self) { try GitStore(cacheFor: "/nowhere.git", in: scratch.path) }

        #expect(
            error?.description
                == "invalid cache folder '\(scratch.path)': it holds files but no git repository; "
                + "remove it or choose another folder")
    }

    @Test("fetching a branch the remote lacks names the branch and the remote")
    func missingBranch() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": Self.manifest])
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "release") }

        #expect(error?.description == "branch 'release' does not exist on '\(remote.bare)'; check --branch")
    }

    @Test("a branch that was never fetched does not resolve")
    func unresolvedBranch() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": Self.manifest])
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())

        let error = await #expect(throws: GitError.self) { try await store.resolveBranch("main") }

        #expect(
            error?.description
                == "branch 'main' not found (looked for refs/remotes/origin/main, refs/heads/main); "
                + "check --branch and fetch first")
    }

    @Test("an unreachable remote fails with libgit2's message and the function that failed")
    func unreachableRemote() async throws {
        let scratch = try Scratch()
        let missing = scratch.folder("missing.git")
        let store = try GitStore(cacheFor: missing, in: scratch.folder("cache"))

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "main") }

        guard case .libgit2(let operation, let function, let code, _) = try #require(error) else {
            Issue.record("expected a libgit2 error, got \(String(describing: error))")
            return
        }
        #expect(operation == "fetch from '\(missing)'")
        #expect(function == "git_remote_fetch")
        #expect(code < 0)
    }
}
