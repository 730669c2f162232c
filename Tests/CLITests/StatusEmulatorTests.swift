import Foundation
import Testing

/// `reconcile --once --repo` and `drift --repo` against the emulator, with the status committed
/// back to a bare repository, over a path and over `git://`.
@Suite("status written back to git, against the emulator", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct StatusEmulatorTests {
    /// Two channels committed and pushed to the scenario's origin.
    static func twoChannels(_ scenario: EmulatorScenario) throws -> [ChannelManifest] {
        let channels = [
            ChannelManifest(name: scenario.name("support"), consumers: [scenario.name("support-web")]),
            ChannelManifest(
                name: scenario.name("orders"), consumers: [scenario.name("orders-app"), scenario.name("orders-web")]),
        ]
        for channel in channels { try scenario.checkout.write(channel) }
        try scenario.checkout.commit("two channels")
        return channels
    }

    /// The value of a top-level `key: value` line of a status file, without quotes.
    static func value(_ key: String, in status: String) -> String? {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ": ") {
            var text = line.dropFirst(key.count + 2)
            if text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
            return String(text)
        }
        return nil
    }

    /// Runs git in the scenario's origin.
    static func inOrigin(_ scenario: EmulatorScenario, _ arguments: String...) throws -> String {
        try ConfigCheckout.git(arguments, in: scenario.checkout.origin).trimmingCharacters(in: .newlines)
    }

    @Test("reconcile --once --repo converges IAM and commits a status for each channel; a second run commits nothing")
    func reconcileRepo() async throws {
        let scenario = try EmulatorScenario()
        let channels = try Self.twoChannels(scenario)
        let manifests = try Self.inOrigin(scenario, "rev-parse", "main")
        let repo = ["--repo", scenario.checkout.origin.path]

        let first = try await scenario.reconcile(repo)
        #expect(first.exitCode == 0, "\(first)")
        #expect(Set(try await scenario.managedUsers().keys) == Set(channels.flatMap(\.consumers)))

        // The branch got one status commit on top of the manifests, naming them.
        let head = try Self.inOrigin(scenario, "rev-parse", "main")
        #expect(try Self.inOrigin(scenario, "rev-parse", "main~1") == manifests)
        let message = try Self.inOrigin(scenario, "log", "-1", "--format=%B", "main")
        #expect(message.hasPrefix("status: reconciled \(manifests.prefix(7)), 8 changes applied\n"), "\(message)")
        #expect(message.hasSuffix("Channelops-Status: true"))
        for channel in channels {
            let status = try Self.inOrigin(scenario, "show", "main:status/\(channel.name).yaml")
            #expect(status.contains("phase: InSync\n"), "\(status)")
            #expect(Self.value("observedCommit", in: status) == manifests, "\(status)")
            #expect(status.contains("instance: \(scenario.instance)\n"))
            #expect(status.contains("  - name: \(channel.policyName)\n    arn: \(scenario.policyARN(channel))\n"))
            for consumer in channel.consumers {
                #expect(status.contains("arn: arn:aws:iam::\(MotoIAM.accountID):user/channelops/\(consumer)\n"))
            }
        }
        let report = try Self.inOrigin(scenario, "show", "main:status/REPORT.md")
        #expect(report.contains("- 2 channels: 2 InSync; 0 retained\n"), "\(report)")
        #expect(try Self.inOrigin(scenario, "ls-tree", "--name-only", "main:status").split(separator: "\n").count == 3)

        // Nothing changed: the second run applies nothing and commits nothing.
        let second = try await scenario.reconcile(repo)
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.outputLines.first?.hasPrefix("2 channels: 2 InSync; 0 changes;") == true, "\(second)")
        #expect(try Self.inOrigin(scenario, "rev-parse", "main") == head)

        // drift --repo agrees, and reports a pushed change it has not applied with exit 2.
        let drift = try await scenario.drift(repo)
        #expect(drift.exitCode == 0, "\(drift)")
        try scenario.checkout.write(
            ChannelManifest(name: channels[0].name, consumers: channels[0].consumers + [scenario.name("support-app")]))
        try scenario.checkout.commit("another consumer")
        let drifted = try await scenario.drift(repo)
        #expect(drifted.exitCode == 2, "\(drifted)")
        #expect(drifted.standardOutput.contains("+ user \(scenario.name("support-app"))"), "\(drifted)")
    }

    @Test("over git://, a commit pushed between the fetch and the push is kept and the status lands on top")
    func reconcileOverGitDaemonWithRace() async throws {
        let scenario = try EmulatorScenario()
        _ = try Self.twoChannels(scenario)
        let manifests = try Self.inOrigin(scenario, "rev-parse", "main")

        // Someone else's commit waits on a side branch; a server hook makes it main's head while
        // channelops' first push is being received, so that push finds the branch moved.
        try scenario.checkout.write("README.md", "someone else\n")
        try scenario.checkout.git(["add", "--all"])
        try scenario.checkout.git(["commit", "--quiet", "-m", "someone else"])
        try scenario.checkout.git(["push", "--quiet", "origin", "HEAD:refs/heads/side"])
        try scenario.checkout.git(["reset", "--quiet", "--hard", "HEAD~1"])
        let other = try Self.inOrigin(scenario, "rev-parse", "side")
        let hook = scenario.checkout.origin.appendingPathComponent("hooks/pre-receive")
        try Data(
            """
            #!/bin/sh
            cat >/dev/null
            if [ ! -e "$GIT_DIR/moved" ]; then
                touch "$GIT_DIR/moved"
                env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES \\
                    git update-ref refs/heads/main refs/heads/side
            fi
            exit 0

            """.utf8
        ).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let server = try GitServer(base: scenario.checkout.folder.url)

        let result = try await scenario.reconcile(["--repo", server.url("origin.git"), "--log-level", "info"])
        #expect(result.exitCode == 0, "\(result)")
        let published = result.standardErrorLines.first { $0.contains("published status") } ?? ""
        #expect(published.contains("attempts=2"), "\(result)")
        #expect(try Self.inOrigin(scenario, "rev-parse", "main~1") == other)
        #expect(try Self.inOrigin(scenario, "rev-parse", "main~2") == manifests)
        #expect(try Self.inOrigin(scenario, "show", "main:README.md") == "someone else")
        #expect(try Self.inOrigin(scenario, "log", "-1", "--format=%s", "main").hasPrefix("status: reconciled"))
    }

    @Test("in pipeline mode the status commit goes to the checkout's origin, and the checkout is left as it is")
    func pipelineModeStatus() async throws {
        let scenario = try EmulatorScenario()
        let channels = try Self.twoChannels(scenario)
        let checkedOut = try scenario.checkout.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)

        let result = try await scenario.reconcile()
        #expect(result.exitCode == 0, "\(result)")
        #expect(try Self.inOrigin(scenario, "rev-parse", "main~1") == checkedOut)
        let status = try Self.inOrigin(scenario, "show", "main:status/\(channels[0].name).yaml")
        #expect(Self.value("observedCommit", in: status) == checkedOut, "\(status)")
        #expect(try scenario.checkout.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines) == checkedOut)
        #expect(try scenario.checkout.git(["status", "--porcelain"]).isEmpty)

        // --no-status writes nothing.
        let head = try Self.inOrigin(scenario, "rev-parse", "main")
        try scenario.checkout.write(ChannelManifest(name: channels[0].name, consumers: [scenario.name("new-app")]))
        try scenario.checkout.commit("replace the consumer")
        let quiet = try await scenario.reconcile(["--no-status"])
        #expect(quiet.exitCode == 0, "\(quiet)")
        #expect(try Self.inOrigin(scenario, "rev-parse", "main~1") == head)
        #expect(try Self.inOrigin(scenario, "log", "-1", "--format=%s", "main") == "replace the consumer")
    }
}
