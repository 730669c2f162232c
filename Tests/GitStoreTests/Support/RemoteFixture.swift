import Foundation

/// A bare repository acting as the remote, and a work clone through which tests push commits
/// to it with the git command line, as another user would.
final class RemoteFixture {
    let scratch: Scratch
    /// The bare repository's path.
    let bare: String
    /// A non-bare clone used to make commits.
    let work: String

    /// Creates `remote.git` with one commit on `main` holding `files` (path to text).
    init(files: [String: String]) throws {
        scratch = try Scratch()
        bare = scratch.folder("remote.git")
        work = scratch.folder("work")
        try GitCommand.run(["init", "--quiet", "--bare", "--initial-branch=main", bare], in: scratch.path)
        try GitCommand.run(["clone", "--quiet", bare, work], in: scratch.path)
        try GitCommand.run(["checkout", "--quiet", "-b", "main"], in: work)
        try commit(files, message: "initial manifests")
    }

    /// Writes `files` in the work clone, deletes `removing`, commits and pushes to `main`;
    /// returns the new commit's id.
    @discardableResult
    func commit(_ files: [String: String], removing: [String] = [], message: String) throws -> String {
        for (path, text) in files {
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        for path in removing {
            try GitCommand.run(["rm", "--quiet", path], in: work)
        }
        try GitCommand.run(["add", "--all"], in: work)
        try GitCommand.run(["commit", "--quiet", "--allow-empty", "-m", message], in: work)
        try GitCommand.run(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: work)
        return try GitCommand.run(["rev-parse", "HEAD"], in: work)
    }

    /// Brings the work clone up to date with the remote's `main`.
    func pull() throws {
        try GitCommand.run(["pull", "--quiet", "--rebase", "origin", "main"], in: work)
    }

    /// Runs git in the bare remote.
    @discardableResult
    func gitInRemote(_ arguments: String...) throws -> String {
        try GitCommand.run(arguments, in: bare)
    }

    /// A fresh cache folder path (not yet created) inside the scratch folder.
    func cachePath(_ name: String = "cache") -> String { scratch.folder(name) }
}
