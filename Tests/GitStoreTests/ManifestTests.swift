import Foundation
import Testing

@testable import GitStore

@Suite("reading manifests at a commit")
struct ManifestTests {
    static let files = [
        "channels/support.yaml": "kind: Channel\n",
        "channels/team/billing.yml": "kind: Channel\n",
        "channels/team/deep/ops.yaml": "kind: Channel\n",
        "channels/README.md": "not a manifest\n",
        "channels/notes.yaml.bak": "not a manifest\n",
        "other/outside.yaml": "kind: Channel\n",
        "README.md": "top\n",
    ]

    @Test("every yaml and yml file below the folder is read, recursively, with exact bytes")
    func readsRecursively() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let snapshot = try await store.manifests(at: head, folder: "./channels/")

        #expect(
            snapshot.files.map(\.path) == [
                "channels/support.yaml", "channels/team/billing.yml", "channels/team/deep/ops.yaml",
            ])
        #expect(snapshot.files.allSatisfy { $0.contents == Array("kind: Channel\n".utf8) })
        #expect(snapshot.folder == "channels")
        #expect(snapshot.commit == head)
        #expect(snapshot.treeID?.hex == (try remote.gitInRemote("rev-parse", "main:channels")))
    }

    @Test("the top of the repository can be the manifest folder")
    func readsTop() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let snapshot = try await store.manifests(at: head, folder: ".")

        #expect(snapshot.files.count == 4)
        #expect(snapshot.treeID?.hex == (try remote.gitInRemote("rev-parse", "main^{tree}")))
    }

    @Test("a commit without the folder gives no tree id and no files")
    func missingFolder() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let snapshot = try await store.manifests(at: head, folder: "manifests")

        #expect(snapshot.treeID == nil)
        #expect(snapshot.files.isEmpty)
    }

    @Test("the manifest tree id changes with a manifest, not with other files")
    func treeIDTracksManifests() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let first = try await store.fetch(branch: "main")
        try remote.commit(["README.md": "changed\n"], message: "docs")
        let second = try await store.fetch(branch: "main")
        try remote.commit(["channels/support.yaml": "kind: Channel\n# edited\n"], message: "edit")
        let third = try await store.fetch(branch: "main")

        let ids = try await [first, second, third].asyncMap { try await store.treeID(at: $0, folder: "channels") }

        #expect(ids[0] != nil)
        #expect(ids[0] == ids[1])
        #expect(ids[1] != ids[2])
    }

    @Test("a folder path that names a file is refused")
    func folderIsFile() async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let error = await #expect(throws: GitError.self) {
            try await store.manifests(at: head, folder: "README.md/x")
        }

        #expect(
            error?.description
                == "invalid manifest folder 'README.md/x': 'README.md' is a file at commit \(head.shortHex), not a folder"
        )
    }

    @Test("a folder path leaving the repository is refused", arguments: ["../etc", "channels/../../x", ".git/objects"])
    func folderEscapes(path: String) async throws {
        let remote = try RemoteFixture(files: Self.files)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let error = await #expect(throws: GitError.self) { try await store.manifests(at: head, folder: path) }

        let part = path.contains(".git") ? "'.git'" : "'..'"
        #expect(error?.description == "invalid manifest folder '\(path)': \(part) is not allowed in the path")
    }

    @Test("a file name that is not UTF-8 is an error, not a crash")
    func invalidUTF8Name() async throws {
        let remote = try RemoteFixture(files: Self.files)
        // Build a tree whose entry name holds the byte 0xFF, which no UTF-8 text contains.
        let blob = try remote.gitInRemote("rev-parse", "main:channels/support.yaml")
        let treeFile = remote.scratch.folder("tree.txt")
        var listing = Data("100644 blob \(blob)\t".utf8)
        listing.append(contentsOf: [0xFF, 0x2E, 0x79, 0x61, 0x6D, 0x6C, 0x0A])
        try listing.write(to: URL(fileURLWithPath: treeFile))
        let channels = try GitCommand.run(
            ["-c", "core.quotepath=off", "mktree", "--missing"], in: remote.bare, input: treeFile)
        let root = try GitCommand.run(["mktree"], in: remote.bare, text: "040000 tree \(channels)\tchannels\n")
        let commit = try remote.gitInRemote("commit-tree", root, "-m", "bad name")
        try remote.gitInRemote("update-ref", "refs/heads/main", commit)
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())
        let head = try await store.fetch(branch: "main")

        let error = await #expect(throws: GitError.self) { try await store.manifests(at: head, folder: "channels") }

        #expect(
            error?.description
                == "list the tree 'channels/' (\(channels.prefix(7))) failed: git_tree_entry_name returned "
                + "text that is not valid UTF-8")
    }
}

extension Array {
    /// Maps in order with an async transform.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self {
            result.append(try await transform(element))
        }
        return result
    }
}
