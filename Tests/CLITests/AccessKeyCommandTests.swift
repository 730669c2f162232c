import Foundation
import Testing

/// A public key made with age-keygen for the tests; it protects nothing.
private let recipient = "age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtc"

/// A channel whose one consumer has an enabled access key.
private func keyedManifest(channel: String, consumer: String) -> String {
    """
    apiVersion: channelops.io/v1
    kind: Channel
    metadata:
      name: \(channel)
    spec:
      consumers:
        - name: \(consumer)
          accessKey:
            enabled: true
            rotateAfterDays: 90
            recipients: [\(recipient)]
      permissions:
        - actions: [lex:RecognizeText]
          resources: ["*"]

    """
}

@Suite("access keys on the command line")
struct AccessKeyRenderTests {
    @Test("render shows a consumer's accessKey block with its defaults")
    func render() async throws {
        let folder = try TemporaryFolder()
        let manifests = folder.url.appendingPathComponent("channels")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try Data(keyedManifest(channel: "bot", consumer: "web").utf8).write(
            to: manifests.appendingPathComponent("bot.yaml"))
        let runner = try CLIRunner(workingDirectory: folder.url)

        let result = try await runner.run(["render", "--format", "yaml"])

        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.standardOutput.contains(
                """
                    accessKey:
                      enabled: true
                      rotateAfterDays: 90
                      rotationGraceDays: 7
                      recipients:
                        - \(recipient)
                      secretsManager: null

                """), "\(result)")
    }
}

@Suite("access keys against the emulator", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct AccessKeyCommandTests {
    @Test("a CHANNELOPS_NOW that is not an RFC 3339 time stops the run with exit 1 and says so")
    func invalidClock() async throws {
        let scenario = try EmulatorScenario()
        try scenario.checkout.write(
            "channels/bot.yaml", keyedManifest(channel: scenario.name("bot"), consumer: scenario.name("web")))
        try scenario.checkout.commit()
        var runner = scenario.runner
        runner.environment["CHANNELOPS_NOW"] = "yesterday"

        let result = try await runner.run(["drift"] + scenario.common)

        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.errorLines == [
                "error: CHANNELOPS_NOW 'yesterday' is not an RFC 3339 time; write it like 2024-05-01T12:00:00Z, or "
                    + "unset it"
            ])
    }

    @Test("drift plans a key for an enabled consumer and warns that the clock is set")
    func driftPlansKey() async throws {
        let scenario = try EmulatorScenario()
        let consumer = scenario.name("web")
        try scenario.checkout.write(
            "channels/bot.yaml", keyedManifest(channel: scenario.name("bot"), consumer: consumer))
        try scenario.checkout.commit()
        var runner = scenario.runner
        runner.environment["CHANNELOPS_NOW"] = "2030-01-01T00:00:00Z"

        let result = try await runner.run(["drift"] + scenario.common)

        #expect(result.exitCode == 2, "\(result)")
        #expect(result.outputLines.contains("  + new access key for user \(consumer)"), "\(result)")
        #expect(result.outputLines.contains("      why: no delivered key exists"), "\(result)")
        #expect(
            result.standardErrorLines.contains {
                $0.contains("the clock is set by CHANNELOPS_NOW, for tests and rehearsals")
                    && $0.contains("now=2030-01-01T00:00:00Z")
            }, "\(result)")
    }
}
