import Foundation
import Testing

/// `--repo https://...` against git's smart-HTTP server over TLS, with a token and a private CA.
@Suite(
    "an https:// config repository with a token",
    .enabled(if: MotoIAM.isAvailable && HTTPSGitServer.isAvailable, HTTPSGitServer.unavailableReason))
struct HTTPSRemoteTests {
    static let token = "test-token-\(UUID().uuidString.prefix(8))"

    /// Runs channelops on `server`'s copy of the scenario's origin with these variables.
    static func run(
        _ command: [String], _ scenario: EmulatorScenario, _ server: HTTPSGitServer, _ variables: [String: String]
    ) async throws -> CLIResult {
        var runner = scenario.runner
        for (name, value) in variables { runner.environment[name] = value }
        let cache = scenario.checkout.folder.url.appendingPathComponent("cache-\(UUID().uuidString.prefix(6))").path
        return try await runner.run(
            command + ["--repo", server.url("origin.git"), "--cache-dir", cache] + scenario.common)
    }

    @Test("reconcile clones, fetches and pushes its status over HTTPS; drift then agrees")
    func reconcileOverHTTPS() async throws {
        let scenario = try EmulatorScenario()
        let channel = ChannelManifest(name: scenario.name("tls"), consumers: [scenario.name("tls-app")])
        try scenario.checkout.write(channel)
        try scenario.checkout.commit("a channel")
        let manifests = try StatusEmulatorTests.inOrigin(scenario, "rev-parse", "main")
        let server = try HTTPSGitServer(base: scenario.checkout.folder.url, token: Self.token)
        let trusted = ["GIT_SSL_CAINFO": try #require(HTTPSGitServer.caBundle), "CHANNELOPS_GIT_TOKEN": Self.token]

        let applied = try await Self.run(["reconcile", "--once"], scenario, server, trusted)

        #expect(applied.exitCode == 0, "\(applied)")
        #expect(Set(try await scenario.managedUsers().keys) == [scenario.name("tls-app")])
        #expect(try StatusEmulatorTests.inOrigin(scenario, "rev-parse", "main~1") == manifests)
        let status = try StatusEmulatorTests.inOrigin(scenario, "show", "main:status/\(channel.name).yaml")
        #expect(status.contains("phase: InSync\n"), "\(status)")
        let drift = try await Self.run(["drift"], scenario, server, trusted)
        #expect(drift.exitCode == 0, "\(drift)")
        #expect(!(applied.standardError + drift.standardError).contains(Self.token))
    }

    @Test("a wrong token, no token and an untrusted certificate each fail with a clear error and change nothing")
    func refusals() async throws {
        let scenario = try EmulatorScenario()
        try scenario.checkout.write(ChannelManifest(name: scenario.name("tls"), consumers: [scenario.name("tls-app")]))
        try scenario.checkout.commit("a channel")
        let server = try HTTPSGitServer(base: scenario.checkout.folder.url, token: Self.token)
        let caBundle = try #require(HTTPSGitServer.caBundle)
        let url = server.url("origin.git")

        let wrong = try await Self.run(
            ["reconcile", "--once"], scenario, server,
            ["GIT_SSL_CAINFO": caBundle, "CHANNELOPS_GIT_TOKEN": "not-\(Self.token)"])
        #expect(wrong.exitCode == 1, "\(wrong)")
        #expect(
            wrong.errorLines == [
                "error: authentication to '\(url)' failed: the remote refused the token from CHANNELOPS_GIT_TOKEN "
                    + "or GIT_TOKEN"
            ], "\(wrong)")
        #expect(!wrong.standardError.contains("not-\(Self.token)"))

        let none = try await Self.run(["reconcile", "--once"], scenario, server, ["GIT_SSL_CAINFO": caBundle])
        #expect(none.exitCode == 1, "\(none)")
        #expect(
            none.errorLines == [
                "error: authentication to '\(url)' failed: the remote asks for a user name and password; set "
                    + "CHANNELOPS_GIT_TOKEN or GIT_TOKEN to a token"
            ], "\(none)")

        let untrusted = try await Self.run(
            ["reconcile", "--once"], scenario, server, ["CHANNELOPS_GIT_TOKEN": Self.token])
        #expect(untrusted.exitCode == 1, "\(untrusted)")
        #expect(
            untrusted.errorLines.count == 1
                && untrusted.errorLines[0].hasPrefix("error: fetch from '\(url)' failed: ")
                && untrusted.errorLines[0].contains("certificate")
                && untrusted.errorLines[0].hasSuffix(
                    "; if a private CA signed the remote's certificate, set GIT_SSL_CAINFO to its PEM file"),
            "\(untrusted)")

        let missing = try await Self.run(
            ["reconcile", "--once"], scenario, server,
            ["GIT_SSL_CAINFO": "/nonexistent/ca.pem", "CHANNELOPS_GIT_TOKEN": Self.token])
        #expect(missing.exitCode == 1, "\(missing)")
        #expect(
            missing.errorLines == [
                "error: invalid CA certificate file '/nonexistent/ca.pem': it does not exist or cannot be read"
            ], "\(missing)")
        #expect(try await scenario.managedUsers().isEmpty)
    }
}
