import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A config repository for tests: a bare repository as the remote, and a work clone through
/// which the test commits as a user would, with the git command line.
final class GitFixture: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The temporary folder holding everything; removed with the value.
    let folder: String
    /// The bare repository's path.
    let bare: String
    /// The work clone's path.
    let work: String

    static let alpha = """
        apiVersion: channelops.io/v1
        kind: Channel
        metadata:
          name: alpha
        spec:
          consumers:
            - name: alpha-app
          permissions:
            - actions: [lex:PostText]
              resources: ["*"]

        """

    static func channel(_ name: String, consumers: [String], protect: Bool = false) -> String {
        """
        apiVersion: channelops.io/v1
        kind: Channel
        metadata:
          name: \(name)
        spec:
          consumers:
        \(consumers.map { "    - name: \($0)" }.joined(separator: "\n"))
          permissions:
            - actions: [lex:PostText]
              resources: ["*"]
          protect: \(protect)

        """
    }

    /// A remote whose `main` holds `files` (path to text) in one commit.
    init(files: [String: String] = ["channels/alpha.yaml": GitFixture.alpha]) throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("status-tests-\(UUID().uuidString)")
            .path
        bare = folder + "/remote.git"
        work = folder + "/work"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.git(["init", "--quiet", "--bare", "--initial-branch=main", bare], in: folder)
        try Self.git(["clone", "--quiet", bare, work], in: folder)
        try Self.git(["checkout", "--quiet", "-b", "main"], in: work)
        try commit(files, message: "manifests")
    }

    deinit {
        // A folder left behind in the temporary directory harms nothing; the test already ran.
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes `files`, removes `removing`, commits and pushes to `main`; returns the commit id.
    @discardableResult
    func commit(_ files: [String: String], removing: [String] = [], message: String) throws -> String {
        try pull()
        for (path, text) in files {
            let url = URL(fileURLWithPath: work + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        for path in removing {
            try git("rm", "--quiet", path)
        }
        try git("add", "--all")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        try git("push", "--quiet", "origin", "HEAD:refs/heads/main")
        return try git("rev-parse", "HEAD")
    }

    /// Brings the work clone up to date with the remote's `main`, when it has commits.
    func pull() throws {
        guard (try? git("rev-parse", "--verify", "--quiet", "HEAD")) != nil else { return }
        try git("pull", "--quiet", "--rebase", "origin", "main")
    }

    /// Runs git in the bare remote.
    @discardableResult
    func inRemote(_ arguments: String...) throws -> String {
        try Self.git(arguments, in: bare)
    }

    /// Runs git in the work clone.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try Self.git(arguments, in: work)
    }

    /// The text of `path` at the remote's `main`.
    func remoteFile(_ path: String) throws -> String {
        try inRemote("show", "main:\(path)")
    }

    /// Runs `git arguments` in `directory` with a fixed identity and no user or system config;
    /// returns standard output without its trailing newline.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        for role in ["AUTHOR", "COMMITTER"] {
            environment["GIT_\(role)_NAME"] = "Test User"
            environment["GIT_\(role)_EMAIL"] = "user@example.com"
        }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "git \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                    + String(decoding: errorData, as: UTF8.self))
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// `git daemon` serving a folder on 127.0.0.1 with push enabled, stopped with SIGKILL when the
/// value goes away (processes started by the test runner inherit its blocked SIGTERM).
final class GitDaemonProcess: Sendable {
    let process: Process
    let port: Int

    init(basePath: String) throws {
        port = Int.random(in: 20_000..<60_000)
        let execPath = try GitFixture.git(["--exec-path"], in: basePath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        process.arguments = [
            "--export-all", "--enable=receive-pack", "--base-path=\(basePath)", "--listen=127.0.0.1",
            "--port=\(port)", "--reuseaddr", basePath,
        ]
        let log = basePath + "/daemon.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while (try? GitFixture.git(["ls-remote", url("remote.git")], in: basePath)) == nil {
            guard process.isRunning, Date() < deadline else {
                stop()
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw GitFixture.Failure(description: "git daemon did not answer on port \(port) within 10 s: \(text)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit { stop() }

    func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
