import Foundation
import Testing

@Suite("channelops validate")
struct ValidateCommandTests {
    @Test("the sample manifests are valid: exit 0, a one-line summary on stdout, nothing on stderr")
    func samplesAreValid() async throws {
        let runner = try CLIRunner(workingDirectory: Repository.root)

        let result = try await runner.run(["validate", "--path", Repository.sampleChannels])

        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput == "samples/config-repo/channels: 3 channels valid (4 users, 4 attachments)\n")
        #expect(result.standardError == "")
    }

    @Test("a folder of broken manifests exits 1 with every problem as one file:line:column line on stderr")
    func brokenFolderListsEveryProblem() async throws {
        let fixtures = Repository.root.appendingPathComponent("Tests/YAMLDocumentTests/Fixtures")
        let expected = try Self.expectedLines(
            in: fixtures.appendingPathComponent("broken/README.md"))
        // The README lists 21 problems; a parse of it that finds none would prove nothing.
        try #require(expected.count == 21)
        let runner = try CLIRunner(workingDirectory: fixtures)

        let result = try await runner.run(["validate", "--path", "broken"])

        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardOutput == "")
        #expect(result.standardErrorLines == expected)
    }

    @Test("render reports the broken manifests the same way and prints nothing")
    func renderRefusesBrokenFolder() async throws {
        let fixtures = Repository.root.appendingPathComponent("Tests/YAMLDocumentTests/Fixtures")
        let expected = try Self.expectedLines(in: fixtures.appendingPathComponent("broken/README.md"))
        let runner = try CLIRunner(workingDirectory: fixtures)

        let result = try await runner.run(["render", "--path", "broken"])

        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardOutput == "")
        #expect(result.standardErrorLines == expected)
    }

    /// The expected diagnostics: the README's indented block, one line each.
    private static func expectedLines(in readme: URL) throws -> [String] {
        try String(contentsOf: readme, encoding: .utf8)
            .split(separator: "\n")
            .filter { $0.hasPrefix("    ") }
            .map { String($0.dropFirst(4)) }
    }
}
