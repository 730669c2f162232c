import Foundation
import Testing

/// The HTTPS front of the test emulator and the CA that signed it, when `scripts/test.sh` started them.
private enum TLSFront {
    static let url = ProcessInfo.processInfo.environment["CHANNELOPS_TEST_TLS_URL"]
    static let caBundle = ProcessInfo.processInfo.environment["CHANNELOPS_TEST_CA_BUNDLE"]
    static let isAvailable = url != nil && caBundle != nil && MotoIAM.isAvailable
    static let unavailableReason: Comment =
        "needs CHANNELOPS_TEST_TLS_URL and CHANNELOPS_TEST_CA_BUNDLE: run scripts/test.sh, which starts nginx with TLS"
}

/// The command line's AWS configuration over HTTPS, read from the environment as the SDKs read it.
@Suite("HTTPS through the command line", .enabled(if: TLSFront.isAvailable, TLSFront.unavailableReason))
struct TLSCommandTests {
    @Test("drift over HTTPS trusts the CA that AWS_CA_BUNDLE names, and refuses an unknown CA with one clear error")
    func caBundleFromEnvironment() async throws {
        let scenario = try EmulatorScenario()
        try scenario.checkout.write(ChannelManifest(name: scenario.name("tls"), consumers: [scenario.name("tls-u")]))
        try scenario.checkout.commit("one channel")
        let url = try #require(TLSFront.url)
        let arguments = ["drift", "--endpoint-url", url, "--instance", scenario.instance, "--log-level", "warning"]

        // Trusted through the variable: the account is read and the unapplied channel is drift.
        var environment = scenario.runner.environment
        environment["AWS_CA_BUNDLE"] = try #require(TLSFront.caBundle)
        let trusting = try CLIRunner(
            environment: environment, workingDirectory: scenario.checkout.root, timeout: .seconds(120))
        let trusted = try await trusting.run(arguments)
        #expect(trusted.exitCode == 2, "\(trusted)")
        #expect(trusted.standardOutput.contains("+ user \(scenario.name("tls-u"))"), "\(trusted)")

        // Without it the system's CAs do not know the test CA: refused, never retried into a hang.
        let refused = try await scenario.runner.run(arguments)
        #expect(refused.exitCode == 1, "\(refused)")
        let errors = refused.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1, "\(refused)")
        #expect(errors.first?.contains("TLS failed") == true, "\(refused)")
        #expect(errors.first?.contains("certificate checks are never turned off") == true, "\(refused)")
    }
}
