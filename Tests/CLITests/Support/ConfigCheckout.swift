import Foundation
import Testing

/// A config repository for one test: a bare `origin` and a checkout of it on `main`, in a
/// temporary folder removed with the value.
///
/// Files are written and committed with the git command line, as a person or a pipeline would.
final class ConfigCheckout: Sendable {
    let folder: TemporaryFolder
    /// The top of the checkout's work tree.
    let root: URL

    init() throws {
        folder = try TemporaryFolder()
        root = folder.url.appendingPathComponent("config-repo", isDirectory: true)
        let origin = folder.url.appendingPathComponent("origin.git").path
        try Self.git(["init", "--quiet", "--bare", "--initial-branch=main", origin], in: folder.url)
        try Self.git(["init", "--quiet", "--initial-branch=main", root.path], in: folder.url)
        try git(["remote", "add", "origin", origin])
    }

    /// Writes `text` to `path` below the work tree, creating folders.
    func write(_ path: String, _ text: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Writes a channel's manifest to `channels/<name>.yaml`.
    func write(_ channel: ChannelManifest) throws {
        try write("channels/\(channel.name).yaml", channel.yaml)
    }

    /// Removes `path` below the work tree.
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// Stages everything, commits it and pushes it to `origin`, after the status commits that
    /// channelops pushed there, as a person would before pushing.
    func commit(_ message: String = "change manifests") throws {
        try git(["add", "--all"])
        try git(["commit", "--quiet", "--allow-empty", "-m", message])
        if (try? git(["ls-remote", "--exit-code", "origin", "refs/heads/main"])) != nil {
            try git(["pull", "--quiet", "--rebase", "--autostash", "origin", "main"])
        }
        try git(["push", "--quiet", "origin", "HEAD:refs/heads/main"])
    }

    /// The bare repository the checkout pushes to.
    var origin: URL { folder.url.appendingPathComponent("origin.git") }

    /// Runs git in the work tree.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        try Self.git(arguments, in: root)
    }

    @discardableResult
    static func git(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments =
            ["-c", "user.name=channelops tests", "-c", "user.email=tests@channelops.invalid"]
            + arguments
        process.currentDirectoryURL = folder
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw MotoError(description: "git \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}

/// A channel manifest for a test, rendered as YAML.
struct ChannelManifest: Sendable {
    var name: String
    var consumers: [String]
    var actions = ["lex:RecognizeText"]
    var tags: [String: String] = [:]
    var description: String?
    var protect = false

    var yaml: String {
        var lines = [
            "apiVersion: channelops.io/v1",
            "kind: Channel",
            "metadata:",
            "  name: \(name)",
            "spec:",
        ]
        if let description { lines.append("  description: \(description)") }
        lines.append("  consumers:")
        lines += consumers.map { "    - name: \($0)" }
        lines += [
            "  permissions:",
            "    - sid: Use",
            "      actions: [\(actions.joined(separator: ", "))]",
            "      resources: [\"*\"]",
        ]
        if !tags.isEmpty {
            lines.append("  tags:")
            lines += tags.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }
        }
        if protect { lines.append("  protect: true") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The policy channelops renders for it.
    var policyName: String { "channelops-\(name)" }

    /// The policy document channelops renders for it, parsed.
    var document: NSDictionary {
        [
            "Version": "2012-10-17",
            "Statement": [["Sid": "Use", "Effect": "Allow", "Action": actions, "Resource": ["*"]]],
        ]
    }
}
