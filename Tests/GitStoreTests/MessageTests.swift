import Testing

@testable import GitStore

@Suite("error messages")
struct MessageTests {
    static let commit = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")

    @Test(
        "every error says what failed and what to do",
        arguments: [
            (
                GitError.libgit2(
                    operation: "fetch from 'git://h/r.git'", function: "git_remote_fetch", code: -1, message: "boom"),
                "fetch from 'git://h/r.git' failed: git_remote_fetch returned -1: boom"
            ),
            (
                .invalidUTF8(operation: "list the tree '/' (0123456)", function: "git_tree_entry_name"),
                "list the tree '/' (0123456) failed: git_tree_entry_name returned text that is not valid UTF-8"
            ),
            (
                .missingValue(operation: "read commit 0123456", function: "git_commit_lookup"),
                "read commit 0123456 failed: git_commit_lookup returned no value"
            ),
            (
                .noCheckout(folder: "/tmp/x"),
                "no git checkout holds '/tmp/x'; run inside a checkout or pass --repo URL_OR_PATH"
            ),
            (
                .noWorkTree(repository: "/srv/r.git/"),
                "the repository at '/srv/r.git/' is bare and has no work tree; run inside a checkout or pass --repo URL_OR_PATH"
            ),
            (
                .noOrigin(repository: "/w/"),
                "the repository at '/w/' has no remote named 'origin'; add one with 'git remote add origin URL' or pass --repo URL_OR_PATH"
            ),
            (
                .cacheHoldsOtherRemote(cache: "/c", found: "/a.git", wanted: "/b.git"),
                "the cache folder '/c' holds a clone of '/a.git', not '/b.git'; remove the folder or choose another cache folder"
            ),
            (
                .branchNotFound(branch: "dev", remote: "git://h/r.git"),
                "branch 'dev' does not exist on 'git://h/r.git'; check --branch"
            ),
            (
                .branchNotResolved(branch: "dev", tried: ["refs/remotes/origin/dev", "refs/heads/dev"]),
                "branch 'dev' not found (looked for refs/remotes/origin/dev, refs/heads/dev); check --branch and fetch first"
            ),
            (
                .invalidArgument(what: "branch name", value: "a..b", reason: "git does not allow it as a branch name"),
                "invalid branch name 'a..b': git does not allow it as a branch name"
            ),
            (
                .authentication(remote: "https://h/r.git", reason: "the token was refused"),
                "authentication to 'https://h/r.git' failed: the token was refused"
            ),
            (
                .pushRejected(ref: "refs/heads/main", remote: "git://h/r.git", reason: "protected branch"),
                "'git://h/r.git' rejected the update of refs/heads/main: protected branch"
            ),
            (
                .branchKeptMoving(branch: "main", remote: "/r.git", attempts: 5),
                "publishing status on branch 'main' of '/r.git' failed: the branch moved before each of 5 pushes; the next run tries again"
            ),
            (
                .invalidLease(
                    ref: "refs/channelops/lease/default", commit: commit!, reason: "its tree has no 'lease' file"),
                "the lease ref refs/channelops/lease/default points to 0123456, which is not a lease: its tree has no 'lease' file; delete the ref on the remote while no watcher runs"
            ),
        ])
    func message(error: GitError, expected: String) {
        #expect(error.description == expected)
    }

    @Test("an invalid branch name is refused before any git work")
    func invalidBranch() async throws {
        let remote = try RemoteFixture(files: ["a.yaml": "a\n"])
        let store = try GitStore(cacheFor: remote.bare, in: remote.cachePath())

        let error = await #expect(throws: GitError.self) { try await store.fetch(branch: "bad..name") }

        #expect(error?.description == "invalid branch name 'bad..name': git does not allow it as a branch name")
    }

    @Test("object ids accept 40 hex digits only and print in lower case")
    func objectIDs() {
        #expect(
            ObjectID(hex: "0123456789ABCDEF0123456789ABCDEF01234567")?.hex == "0123456789abcdef0123456789abcdef01234567"
        )
        #expect(ObjectID(hex: "0123456789abcdef") == nil)
        #expect(ObjectID(hex: "g123456789abcdef0123456789abcdef01234567") == nil)
        #expect(Self.commit?.shortHex == "0123456")
    }
}
