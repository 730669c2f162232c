import Foundation
import Testing

@testable import GitStore

@Suite("pipeline mode: the checkout holding the current folder")
struct CheckoutTests {
    static let files = ["channels/support.yaml": "kind: Channel\n", "channels/team/a.yml": "a\n", "README.md": "top\n"]
    static let date = Date(timeIntervalSince1970: 1_767_225_600)

    @Test("the checkout is found from a sub-folder, with its work tree and origin")
    func discoversFromSubfolder() async throws {
        let remote = try RemoteFixture(files: Self.files)

        let store = try GitStore(checkoutContaining: remote.work + "/channels/team")

        #expect(store.workTreePath == remote.work + "/")
        #expect(store.repositoryPath == remote.work + "/.git/")
        #expect(store.remoteDisplayName == remote.bare)
        #expect(try await store.headCommit().hex == (try GitCommand.run(["rev-parse", "HEAD"], in: remote.work)))
    }

    @Test("a folder outside any checkout is reported with what to do")
    func noCheckout() throws {
        let scratch = try Scratch()

        let error = #expect(throws: GitError.self) { try GitStore(checkoutContaining: scratch.path) }

        #expect(
            error?.description
                == "no git checkout holds '\(scratch.path)'; run inside a checkout or pass --repo URL_OR_PATH")
    }

    @Test("a checkout without origin is reported with what to do")
    func noOrigin() throws {
        let scratch = try Scratch()
        try GitCommand.run(["init", "--quiet", "--initial-branch=main", scratch.path], in: scratch.path)

        let error = #expect(throws: GitError.self) { try GitStore(checkoutContaining: scratch.path) }

        #expect(
            error?.description
                == "the repository at '\(scratch.path)/' has no remote named 'origin'; "
                + "add one with 'git remote add origin URL' or pass --repo URL_OR_PATH")
    }

    @Test("a checkout without any commit is reported with what to do")
    func nothingCheckedOut() async throws {
        let scratch = try Scratch()
        try GitCommand.run(["init", "--quiet", "--initial-branch=main", scratch.path], in: scratch.path)
        try GitCommand.run(["remote", "add", "origin", "/nowhere.git"], in: scratch.path)
        let store = try GitStore(checkoutContaining: scratch.path)

        let error = await #expect(throws: GitError.self) { try await store.headCommit() }

        #expect(
            error?.description
                == "the checkout at '\(scratch.path)/' has no commit checked out yet; commit the manifests first")
    }

    @Test("a clean manifest folder has no uncommitted changes")
    func cleanFolder() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(checkoutContaining: remote.work)

        #expect(try await store.uncommittedChanges(under: "channels").isEmpty)
    }

    @Test("modified, staged, deleted and untracked files under the folder are reported, others are not")
    func dirtyFolder() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let work = URL(fileURLWithPath: remote.work)
        try Data("changed\n".utf8).write(to: work.appendingPathComponent("channels/support.yaml"))
        try Data("new\n".utf8).write(to: work.appendingPathComponent("channels/new.yaml"))
        try Data("staged\n".utf8).write(to: work.appendingPathComponent("channels/staged.yaml"))
        try GitCommand.run(["add", "channels/staged.yaml"], in: remote.work)
        try FileManager.default.removeItem(at: work.appendingPathComponent("channels/team/a.yml"))
        try Data("outside\n".utf8).write(to: work.appendingPathComponent("README.md"))
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent("channels-old"), withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: work.appendingPathComponent("channels-old/x.yaml"))
        let store = try GitStore(checkoutContaining: remote.work)

        let changes = try await store.uncommittedChanges(under: "channels/")

        #expect(
            changes.map(\.description) == [
                "channels/new.yaml (untracked)", "channels/staged.yaml (added)",
                "channels/support.yaml (modified)", "channels/team/a.yml (deleted)",
            ])
        #expect(
            try await store.uncommittedChanges(under: "").map(\.path) == [
                "README.md", "channels-old/x.yaml", "channels/new.yaml", "channels/staged.yaml",
                "channels/support.yaml", "channels/team/a.yml",
            ])
    }

    @Test("work-tree manifests are read as they are on disk, without ignored files")
    func workTreeManifests() async throws {
        let remote = try RemoteFixture(files: Self.files.merging([".gitignore": "*.local.yaml\n"]) { $1 })
        let work = URL(fileURLWithPath: remote.work)
        try Data("edited\n".utf8).write(to: work.appendingPathComponent("channels/support.yaml"))
        try Data("new\n".utf8).write(to: work.appendingPathComponent("channels/team/new.yaml"))
        try Data("ignored\n".utf8).write(to: work.appendingPathComponent("channels/mine.local.yaml"))
        try Data("notes\n".utf8).write(to: work.appendingPathComponent("channels/notes.txt"))
        let store = try GitStore(checkoutContaining: remote.work)

        let files = try #require(try await store.workTreeManifests(folder: "channels"))

        #expect(files.map(\.path) == ["channels/support.yaml", "channels/team/a.yml", "channels/team/new.yaml"])
        #expect(files.first?.contents == Array("edited\n".utf8))
        #expect(try await store.workTreeManifests(folder: "missing") == nil)
    }

    @Test("a cache has no work tree to check")
    func cacheHasNoWorkTree() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())

        let error = await #expect(throws: GitError.self) { try await store.uncommittedChanges(under: "channels") }

        #expect(
            error?.description
                == "the repository at '\(remote.cachePath())/' is bare and has no work tree; "
                + "run inside a checkout or pass --repo URL_OR_PATH")
    }

    @Test("status is pushed to origin from a checkout, leaving its branch and work tree alone")
    func publishesFromCheckout() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let before = try GitCommand.run(["rev-parse", "HEAD"], in: remote.work)
        let store = try GitStore(checkoutContaining: remote.work)
        let content = StatusContent(
            files: ["support.yaml": Array("phase: InSync\n".utf8)], message: StatusCommitMessage(subject: "status"))

        let result = try await store.publishStatus(branch: "main", date: Self.date) { _ in content }

        guard case .pushed(let commit, let parent, 1) = result else {
            Issue.record("expected one push, got \(result)")
            return
        }
        #expect(parent.hex == before)
        #expect(try remote.gitInRemote("rev-parse", "main") == commit.hex)
        #expect(try GitCommand.run(["rev-parse", "HEAD"], in: remote.work) == before)
        #expect(try GitCommand.run(["rev-parse", "refs/remotes/origin/main"], in: remote.work) == commit.hex)
        #expect(try GitCommand.run(["status", "--porcelain"], in: remote.work).isEmpty)
    }
}
