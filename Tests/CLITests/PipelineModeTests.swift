import Foundation
import Testing

@Suite("drift and reconcile in pipeline mode", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct PipelineModeTests {
    @Test("reconcile refuses uncommitted manifest changes, naming them, and applies them with --allow-dirty")
    func uncommittedChangesAreRefused() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(name: scenario.name("dirty"), consumers: [scenario.name("dirty-app")])
        try scenario.checkout.write("README.md", "config\n")
        try scenario.checkout.commit("start")
        try scenario.checkout.write(channel)

        let refused = try await scenario.reconcile()

        #expect(refused.exitCode == 1, "\(refused)")
        #expect(
            refused.errorLines == [
                "error: uncommitted changes under 'channels': channels/\(channel.name).yaml (untracked); reconcile "
                    + "applies only what is committed: commit the changes, or pass --allow-dirty to apply the work "
                    + "tree as it is"
            ])
        #expect(try await scenario.managedUsers().isEmpty)

        try scenario.checkout.commit()
        try scenario.checkout.write(ChannelManifest(name: channel.name, consumers: [scenario.name("other-app")]))
        let modified = try await scenario.reconcile()

        #expect(modified.exitCode == 1, "\(modified)")
        #expect(
            modified.errorLines == [
                "error: uncommitted changes under 'channels': channels/\(channel.name).yaml (modified); reconcile "
                    + "applies only what is committed: commit the changes, or pass --allow-dirty to apply the work "
                    + "tree as it is"
            ])
        #expect(try await scenario.managedUsers().isEmpty)

        let dirty = try await scenario.reconcile(["--allow-dirty"])

        #expect(dirty.exitCode == 0, "\(dirty)")
        #expect(Set(try await scenario.managedUsers().keys) == [scenario.name("other-app")])
    }

    @Test("reconcile on another branch than --branch refuses before any change; detached HEAD and --no-status run")
    func otherBranchCheckedOut() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(name: scenario.name("branch"), consumers: [scenario.name("branch-app")])
        try scenario.checkout.write("README.md", "config\n")
        try scenario.checkout.commit("start")
        _ = try scenario.checkout.git(["checkout", "--quiet", "-b", "feature"])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()

        let refused = try await scenario.reconcile()

        #expect(refused.exitCode == 1, "\(refused)")
        #expect(
            refused.errorLines == [
                "error: the checkout is on branch 'feature', but the status goes to branch 'main' (--branch, default "
                    + "main); check out main, pass --branch feature, or run with --no-status"
            ])
        #expect(try await scenario.managedUsers().isEmpty)

        // A dry run writes no status, so it may plan from any branch.
        let planned = try await scenario.reconcile(["--dry-run"])
        #expect(planned.exitCode == 2, "\(planned)")

        // Detached at that commit, as CI systems check out, the run goes on.
        _ = try scenario.checkout.git(["checkout", "--quiet", "--detach"])
        let detached = try await scenario.reconcile()
        #expect(detached.exitCode == 0, "\(detached)")
        #expect(Set(try await scenario.managedUsers().keys) == [scenario.name("branch-app")])
    }

    @Test("--dry-run exits 2 and changes nothing while IAM differs, 0 once it is in sync")
    func dryRunChangesNothing() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(name: scenario.name("dry"), consumers: [scenario.name("dry-app")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()

        let planned = try await scenario.reconcile(["--dry-run"])

        #expect(planned.exitCode == 2, "\(planned)")
        #expect(planned.outputLines.first == "\(channel.name): Drifted")
        #expect(planned.outputLines.contains("  + user \(scenario.name("dry-app")) (path /channelops/)"))
        #expect(try await scenario.managedUsers().isEmpty)

        try #require(try await scenario.reconcile().exitCode == 0)
        let inSync = try await scenario.reconcile(["--dry-run"])

        #expect(inSync.exitCode == 0, "\(inSync)")
        #expect(inSync.outputLines.first?.hasPrefix("1 channel: 1 InSync; 0 changes; 0 retained; ") == true)
    }

    @Test("drift reads uncommitted edits, prints json, markdown and html, and writes --output files")
    func driftFormats() async throws {
        let scenario = try EmulatorScenario()
        var channel = ChannelManifest(name: scenario.name("fmt"), consumers: [scenario.name("fmt-app")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit()
        try #require(try await scenario.reconcile().exitCode == 0)
        channel.consumers.append(scenario.name("fmt-web"))
        try scenario.checkout.write(channel)

        let json = try await scenario.drift(["--format", "json"])

        #expect(json.exitCode == 2, "\(json)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["instance"] as? String == scenario.instance)
        #expect((object["apiCalls"] as? Int ?? 0) >= 1)
        let channels = try #require(object["channels"] as? [[String: Any]])
        #expect(channels.first?["name"] as? String == channel.name)
        #expect(channels.first?["phase"] as? String == "Drifted")

        let markdown = try await scenario.drift(["--format", "markdown"])

        #expect(markdown.exitCode == 2, "\(markdown)")
        #expect(markdown.outputLines.first == "### channelops: instance `\(scenario.instance)`")
        #expect(markdown.outputLines.contains("| `\(channel.name)` | Drifted | 2 |  |"))

        let html = try await scenario.drift(["--format", "html", "--output", "report.html"])

        #expect(html.exitCode == 2, "\(html)")
        #expect(html.standardOutput == "")
        let page = try String(contentsOf: scenario.checkout.root.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>\n"))
        #expect(page.contains("<span class=\"add\">  + user \(scenario.name("fmt-web")) (path /channelops/)</span>"))
        #expect(page.hasSuffix("</pre>\n</body>\n</html>\n"))
    }

    @Test("drift reads a folder outside any git checkout as it is, and reports invalid manifests with exit 1")
    func driftOutsideCheckout() async throws {
        let scenario = try EmulatorScenario()
        let plain = try TemporaryFolder()
        let channel = ChannelManifest(name: scenario.name("plain"), consumers: [scenario.name("plain-app")])
        try FileManager.default.createDirectory(
            at: plain.url.appendingPathComponent("channels"), withIntermediateDirectories: true)
        try Data(channel.yaml.utf8).write(to: plain.url.appendingPathComponent("channels/plain.yaml"))
        var runner = scenario.runner
        runner.workingDirectory = plain.url

        let differs = try await runner.run(["drift"] + scenario.common)

        #expect(differs.exitCode == 2, "\(differs)")
        #expect(differs.outputLines.contains("  + user \(scenario.name("plain-app")) (path /channelops/)"))

        try Data("apiVersion: channelops.io/v1\nkind: Channel\nmetadata: {name: Bad}\n".utf8)
            .write(to: plain.url.appendingPathComponent("channels/bad.yaml"))
        let invalid = try await runner.run(["drift"] + scenario.common)

        #expect(invalid.exitCode == 1, "\(invalid)")
        #expect(
            invalid.standardErrorLines.prefix(2) == [
                "channels/bad.yaml:1:1: error: missing required field 'spec' at the top level",
                "channels/bad.yaml:3:18: error: metadata.name 'Bad' contains 'B'; a channel name has 1 to 40 "
                    + "lower-case letters, digits and '-', starting and ending with a letter or digit",
            ])
        #expect(invalid.outputLines.contains("  + user \(scenario.name("plain-app")) (path /channelops/)"))
    }
}

@Suite("drift and reconcile command lines")
struct EngineCommandLineTests {
    @Test(
        "bad option values are usage errors that name the option",
        arguments: [
            (["reconcile"], "error: reconcile runs once and needs --once (see 'channelops reconcile --help')"),
            (
                ["drift", "--concurrency", "0"],
                "error: --concurrency: '0' is not a whole number from 1 to 64 (see 'channelops drift --help')"
            ),
            (
                ["reconcile", "--once", "--concurrency", "many"],
                "error: --concurrency: 'many' is not a whole number from 1 to 64 (see 'channelops reconcile --help')"
            ),
            (
                ["drift", "--format", "pdf"],
                "error: --format: unknown format 'pdf'; use one of text, json, markdown, html "
                    + "(see 'channelops drift --help')"
            ),
            (
                ["reconcile", "--once", "--dry-rum"],
                "error: unknown option '--dry-rum' for 'reconcile'; did you mean '--dry-run'? "
                    + "(see 'channelops reconcile --help')"
            ),
        ])
    func usageErrors(arguments: [String], message: String) async throws {
        let folder = try TemporaryFolder()
        let runner = try CLIRunner(workingDirectory: folder.url)

        let result = try await runner.run(arguments)

        #expect(result.exitCode == 64, "\(result)")
        #expect(result.standardErrorLines == [message])
        #expect(result.standardOutput == "")
    }

    @Test("reconcile outside a git checkout refuses: only committed manifests are applied")
    func reconcileNeedsCheckout() async throws {
        let folder = try TemporaryFolder()
        let runner = try CLIRunner(workingDirectory: folder.url)

        let result = try await runner.run(["reconcile", "--once", "--endpoint-url", "http://127.0.0.1:9"])

        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.errorLines == [
                "error: no git checkout holds the current folder '\(folder.url.resolvingSymlinksInPath().path)'; "
                    + "reconcile applies only committed manifests: run it inside the config repository's checkout"
            ])
    }

    @Test("drift's help says what it reads outside a checkout and lists its exit codes")
    func driftHelp() async throws {
        let runner = try CLIRunner()

        let result = try await runner.run(["drift", "--help"])

        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("A folder outside a\ngit checkout is read as it is."))
        #expect(result.standardOutput.contains("exit codes: 0 in sync, 2 live IAM differs from the manifests"))
    }
}
