import Foundation
import Testing

/// `--output` checked before the run reads IAM, so that a mistyped path costs no apply.
@Suite("the report file of --output")
struct ReportOutputTests {
    /// A folder holding `channels/a.yaml`, a runner with fake keys, and an endpoint nothing
    /// listens on: a run that called AWS would end in a connection error instead.
    static func world() throws -> (TemporaryFolder, CLIRunner, [String]) {
        let folder = try TemporaryFolder()
        let channels = folder.url.appendingPathComponent("channels")
        try FileManager.default.createDirectory(at: channels, withIntermediateDirectories: false)
        try Data(validManifest.utf8).write(to: channels.appendingPathComponent("a.yaml"))
        var environment = CLIRunner.baseEnvironment
        environment["HOME"] = folder.url.path
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let runner = try CLIRunner(environment: environment, workingDirectory: folder.url, timeout: .seconds(60))
        return (folder, runner, ["--endpoint-url", "http://127.0.0.1:9"])
    }

    @Test(
        "a report file in a missing folder is refused before any AWS call, with one clear error line",
        arguments: [["drift"], ["reconcile", "--once", "--allow-dirty", "--no-status"]])
    func missingFolder(command: [String]) async throws {
        let (folder, runner, endpoint) = try Self.world()
        let missing = folder.url.appendingPathComponent("nowhere").path

        let result = try await runner.run(command + endpoint + ["--output", missing + "/report.json"])

        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.standardErrorLines == [
                "error: cannot write the report to '\(missing)/report.json': its folder '\(missing)': No such file "
                    + "or directory; pass --output a file in an existing, writable folder"
            ], "\(result)")
        #expect(result.standardOutput == "")
    }

    @Test("a folder given as the report file is refused before any AWS call")
    func folderAsFile() async throws {
        let (folder, runner, endpoint) = try Self.world()

        let result = try await runner.run(["drift"] + endpoint + ["--output", folder.url.path])

        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.standardErrorLines == [
                "error: cannot write the report to '\(folder.url.path)': it is a folder; pass --output a file in an "
                    + "existing, writable folder"
            ], "\(result)")
    }
}
