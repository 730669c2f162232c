import Foundation
import Testing

/// One test's world on the shared emulator: its own channelops instance, resource names no other
/// test uses, and its own config checkout, so tests can run side by side on one moto.
struct EmulatorScenario {
    /// Six random characters that make this test's names unique.
    let token: String
    let instance: String
    let checkout: ConfigCheckout
    let moto: MotoIAM
    let runner: CLIRunner

    init() throws {
        token =
            String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(3))
            + String(UUID().uuidString.lowercased().filter(\.isNumber).prefix(3))
        instance = "test-\(token)"
        checkout = try ConfigCheckout()
        moto = try MotoIAM.shared()
        var environment = CLIRunner.baseEnvironment
        environment["HOME"] = checkout.folder.url.path
        // moto's fake keys; the plain server checks no signature.
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        // moto answers HTTP 500 to a snapshot read that races another test's writes; retry more.
        environment["AWS_MAX_ATTEMPTS"] = "6"
        runner = try CLIRunner(environment: environment, workingDirectory: checkout.root, timeout: .seconds(120))
    }

    /// `base` made unique to this test: `base-<token>`.
    func name(_ base: String) -> String {
        "\(base)-\(token)"
    }

    /// Runs `channelops reconcile --once` on the checkout against the emulator.
    func reconcile(_ extra: [String] = []) async throws -> CLIResult {
        try await runner.run(["reconcile", "--once"] + common + extra)
    }

    /// Runs `channelops drift` on the checkout against the emulator.
    func drift(_ extra: [String] = []) async throws -> CLIResult {
        try await runner.run(["drift"] + common + extra)
    }

    /// The options every run takes: the emulator, this test's instance, quiet logs.
    var common: [String] {
        ["--endpoint-url", moto.url.absoluteString, "--instance", instance, "--log-level", "warning"]
    }

    /// The users this test's instance manages, by name.
    func managedUsers() async throws -> [String: UserView] {
        try await moto.users().filter { $0.value.tags["channelops:managed-by"] == instance }
    }

    /// The policies of these channels that exist, by name, with their tags.
    func policies(of channels: [ChannelManifest]) async throws -> [String: PolicyView] {
        let names = Set(channels.map(\.policyName))
        return try await moto.policies(tagsOf: names).filter { names.contains($0.key) }
    }

    /// The tags channelops puts on a channel's user and policy.
    func renderedTags(_ channel: ChannelManifest) -> [String: String] {
        channel.tags.merging(["channelops:managed-by": instance, "channelops:channel": channel.name]) { $1 }
    }

    /// The ARN of a channel's policy.
    func policyARN(_ channel: ChannelManifest) -> String {
        "arn:aws:iam::\(MotoIAM.accountID):policy/channelops/\(channel.policyName)"
    }
}

extension CLIResult {
    /// The lines of standard error that start with `error:`, without log lines.
    var errorLines: [String] {
        standardErrorLines.filter { $0.hasPrefix("error:") }
    }

    /// The lines of standard output.
    var outputLines: [String] {
        standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
