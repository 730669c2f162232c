import Foundation
import Testing

/// A command line that is wrong, with the one error line it must produce.
struct UsageCase: Sendable, CustomStringConvertible {
    var description: String
    var arguments: [String]
    var expectedError: String
}

extension UsageCase {
    /// Every case names the sample folder, so that skipping the check would exit 0, not 64.
    static let samples = ["--path", Repository.sampleChannels]

    static let all: [UsageCase] = [
        UsageCase(
            description: "a misspelt command",
            arguments: ["valdate"] + samples,
            expectedError: "error: unknown command 'valdate'; did you mean 'validate'? (see 'channelops --help')"
        ),
        UsageCase(
            description: "an unknown command far from every command",
            arguments: ["deploy"] + samples,
            expectedError: "error: unknown command 'deploy' (see 'channelops --help')"
        ),
        UsageCase(
            description: "no command",
            arguments: [],
            expectedError:
                "error: no command given; use one of validate, render, drift, reconcile, watch "
                + "(see 'channelops --help')"
        ),
        UsageCase(
            description: "a misspelt option",
            arguments: ["validate", "--pth", Repository.sampleChannels],
            expectedError:
                "error: unknown option '--pth' for 'validate'; did you mean '--path'? (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "a misspelt render option",
            arguments: ["render", "--fromat", "yaml"] + samples,
            expectedError:
                "error: unknown option '--fromat' for 'render'; did you mean '--format'? (see 'channelops render --help')"
        ),
        UsageCase(
            description: "an unknown option far from every option",
            arguments: ["validate", "--frobnicate"] + samples,
            expectedError: "error: unknown option '--frobnicate' for 'validate' (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "an option without its value",
            arguments: ["validate", "--path"],
            expectedError: "error: option '--path' needs a value (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "an option followed by another option instead of its value",
            arguments: ["validate", "--instance"] + samples,
            expectedError: "error: option '--instance' needs a value (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "an instance name that breaks the naming rule",
            arguments: ["validate", "--instance", "Blue_Green"] + samples,
            expectedError:
                "error: --instance: invalid instance name 'Blue_Green': use 1–40 lower-case letters, digits and "
                + "'-', starting and ending with a letter or digit (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "an unknown log level",
            arguments: ["validate", "--log-level", "loud"] + samples,
            expectedError:
                "error: --log-level: unknown level 'loud'; use one of trace, debug, info, notice, warning, error, "
                + "critical (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "an unknown log format",
            arguments: ["render", "--log-format", "xml"] + samples,
            expectedError:
                "error: --log-format: unknown format 'xml'; use text or json (see 'channelops render --help')"
        ),
        UsageCase(
            description: "an unknown render format",
            arguments: ["render", "--format", "xml"] + samples,
            expectedError: "error: --format: unknown format 'xml'; use json or yaml (see 'channelops render --help')"
        ),
        UsageCase(
            description: "a positional argument validate does not take",
            arguments: ["validate"] + samples + ["extra"],
            expectedError: "error: unexpected argument 'extra' for 'validate' (see 'channelops validate --help')"
        ),
        UsageCase(
            description: "a short option, which no command takes",
            arguments: ["validate", "--path=\(Repository.sampleChannels)", "-v"],
            expectedError: "error: unexpected argument '-v' for 'validate' (see 'channelops validate --help')"
        ),
    ]
}

@Suite("channelops usage")
struct UsageTests {
    @Test("a wrong command line exits 64 with one error line on stderr and nothing on stdout", arguments: UsageCase.all)
    func usageErrorExits64(usage: UsageCase) async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let result = try await runner.run(usage.arguments)

        #expect(result.exitCode == 64, "\(result)")
        #expect(result.standardOutput == "")
        #expect(result.standardErrorLines == [usage.expectedError])
    }

    @Test("--help exits 0 with the usage and every command on stdout")
    func helpPrintsUsage() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let result = try await runner.run(["--help"])

        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardError == "")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("channelops 0.1.0: ") == true)
        #expect(lines.contains("usage: channelops <command> [options]"))
        #expect(lines.contains { $0.hasPrefix("  validate    parse and validate the manifests") })
        #expect(lines.contains { $0.hasPrefix("  render      print the desired IAM users") })
        #expect(lines.contains { $0.hasPrefix("  drift       compare the manifests with live AWS IAM") })
        #expect(lines.contains { $0.hasPrefix("  reconcile   make live AWS IAM match the committed manifests") })
        #expect(lines.contains { $0.hasPrefix("  watch       reconcile on every new commit") })
    }

    @Test("a command's --help exits 0 with its options on stdout, even beside other options")
    func commandHelpPrintsOptions() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let result = try await runner.run(["render", "--format", "xml", "--help"])

        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardError == "")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "usage: channelops render [options]")
        #expect(lines.contains { $0.hasPrefix("  --path DIR ") })
        #expect(lines.contains { $0.hasPrefix("  --format FORMAT ") })
        #expect(lines.contains { $0.hasPrefix("  --instance NAME ") })
    }

    @Test("--version exits 0 and prints the version")
    func versionPrintsVersion() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let result = try await runner.run(["--version"])

        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput == "channelops 0.1.0\n")
        #expect(result.standardError == "")
    }
}
