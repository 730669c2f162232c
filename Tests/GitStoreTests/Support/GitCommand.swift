import Foundation

/// The git command line, used by tests to set up remotes and to inspect what GitStore wrote.
enum GitCommand {
    struct Failure: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var output: String
        var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// Runs `git arguments` in `directory` with a fixed identity and no user or system config,
    /// feeding `text` on standard input; returns standard output without its trailing newline.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("git-stdin-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(arguments, in: directory, input: file.path)
    }

    /// Runs git as above with standard input read from the file `input`, when given.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, input: String? = nil) throws -> String {
        let process = Process()
        if let input {
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Author"
        environment["GIT_COMMITTER_EMAIL"] = "author@example.com"
        process.environment = environment
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("git-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorText = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errors)
        guard process.terminationStatus == 0 else {
            throw Failure(arguments: arguments, status: process.terminationStatus, output: errorText)
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
