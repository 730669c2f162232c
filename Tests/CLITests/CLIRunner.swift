import Foundation

/// What one run of the `channelops` executable did.
struct CLIResult: Sendable, CustomStringConvertible {
    /// The exit code, or the number of the signal that ended the process when `isSignalled`.
    var status: Int32
    /// Whether a signal ended the process: a crash, or the kill that follows a timeout.
    var isSignalled: Bool
    /// Whether the run outlived the runner's time limit and was killed.
    var timedOut: Bool
    var standardOutput: String
    var standardError: String
    /// Wall-clock time from start to exit.
    var duration: Duration

    /// The exit code, or nil when a signal ended the process.
    var exitCode: Int32? { isSignalled ? nil : status }

    /// The lines of standard error, without the line feed that ends the last one.
    var standardErrorLines: [String] {
        var lines = standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" {
            lines.removeLast()
        }
        return lines
    }

    /// Everything a failed expectation needs to show, so that a failure explains itself.
    var description: String {
        let ending = timedOut ? "timed out" : isSignalled ? "signal \(status)" : "exit \(status)"
        return "\(ending) after \(duration)\n--- stdout:\n\(standardOutput.prefix(4000))"
            + "\n--- stderr:\n\(standardError.prefix(4000))"
    }
}

/// Why the executable could not be run.
struct CLIRunnerError: Error, CustomStringConvertible {
    var description: String
}

/// Runs the built `channelops` executable as a child process, the way a user or a pipeline does.
///
/// The child gets exactly `environment`, nothing inherited from the test process, so that the
/// machine's AWS variables or locale never change what a test sees. Standard input is empty.
/// A run that takes longer than `timeout` is killed and reported with `timedOut` set, so that a
/// hang fails its test instead of hanging the test run.
struct CLIRunner: Sendable {
    /// A minimal environment: a search path, and the C locale so that system messages such as
    /// `No such file or directory` read the same on every machine.
    static let baseEnvironment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"]

    /// The executable that runs.
    var executable: URL
    /// The child's whole environment.
    var environment: [String: String]
    /// The child's working directory; the test process's when nil.
    var workingDirectory: URL?
    /// How long one run may take before it is killed.
    var timeout: Duration

    /// A runner for the `channelops` built next to the test bundle.
    ///
    /// - Throws: `CLIRunnerError` when the executable cannot be found.
    init(
        environment: [String: String] = CLIRunner.baseEnvironment,
        workingDirectory: URL? = nil,
        timeout: Duration = .seconds(10)
    ) throws {
        self.executable = try Self.builtExecutable()
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
    }

    /// The `channelops` executable in the build folder that holds this test bundle.
    ///
    /// SwiftPM puts products and the test bundle in one folder (`.build/<triple>/debug`); on
    /// macOS the test binary sits three levels down inside its `.xctest` bundle, hence the walk up.
    static func builtExecutable() throws -> URL {
        var starts: [URL] = []
        if let bundled = Bundle.main.executableURL {
            starts.append(bundled)
        }
        if let first = CommandLine.arguments.first {
            let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            starts.append(URL(fileURLWithPath: first, relativeTo: current))
        }
        var searched: [String] = []
        for start in starts {
            var folder = start.standardizedFileURL.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("channelops")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder),
                    !isFolder.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                searched.append(folder.path)
                folder = folder.deletingLastPathComponent()
            }
        }
        throw CLIRunnerError(
            description: "the channelops executable was not found in any of \(searched); build it with "
                + "'swift build --build-tests' (CLITests depends on the channelops target)")
    }

    /// Runs `channelops` with `arguments` and waits for it to exit or time out.
    ///
    /// - Parameters:
    ///   - arguments: The command line after the executable's name.
    ///   - standardOutputFile: Where standard output goes instead of being captured, such as
    ///     `/dev/full` to test a failing write; `standardOutput` is then empty.
    /// - Returns: The run's outcome, also when it crashed or timed out.
    /// - Throws: When the process cannot be started or its captured output cannot be read.
    func run(_ arguments: [String], standardOutputFile: URL? = nil) async throws -> CLIResult {
        let captureFolder = try TemporaryFolder()
        let outputFile = captureFolder.url.appendingPathComponent("stdout")
        let errorFile = captureFolder.url.appendingPathComponent("stderr")
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory {
            process.currentDirectoryURL = workingDirectory
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: standardOutputFile ?? outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let (exits, exited) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }

        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        let finished = await Self.waitForExit(exits, timeout: timeout)
        if !finished {
            // A kill cannot be refused, so the wait below ends.
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        let duration = clock.now - start

        return CLIResult(
            status: process.terminationStatus,
            isSignalled: process.terminationReason == .uncaughtSignal,
            timedOut: !finished,
            standardOutput: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self),
            duration: duration
        )
    }

    /// True once the process exits, false when `timeout` passes first.
    private static func waitForExit(_ exits: AsyncStream<Void>, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exits {}
                return !Task.isCancelled
            }
            group.addTask {
                // Cancelled means the process exited first, and the other task has answered.
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

/// A fresh empty folder under the temporary directory, removed with everything in it when the
/// value is released.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("clitests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // A folder left behind holds only generated test input; failing to remove it harms nothing.
        try? FileManager.default.removeItem(at: url)
    }
}

/// Paths inside this repository, found from this file's place in it.
enum Repository {
    /// The repository's top folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The sample config repository's manifest folder, relative to `root`.
    static let sampleChannels = "samples/config-repo/channels"
}
