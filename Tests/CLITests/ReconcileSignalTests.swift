import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `reconcile --once` stopped by SIGINT halfway through its apply, against the emulator.
@Suite("reconcile --once stopped by a signal", .enabled(if: MotoIAM.isAvailable, MotoIAM.unavailableReason))
struct ReconcileSignalTests {
    @Test("SIGINT during the apply stops between steps, reports what was applied, records Cancelled and exits 1")
    func interruptedApply() async throws {
        let scenario = try EmulatorScenario()
        // Enough steps, one at a time, that the apply is still running when the signal arrives.
        let channels = (0..<200).map { index in
            ChannelManifest(
                name: scenario.name("sig\(index)"),
                consumers: (0..<3).map { scenario.name("sig\(index)-u\($0)") })
        }
        for channel in channels { try scenario.checkout.write(channel) }
        try scenario.checkout.commit("two hundred channels")
        let totalSteps = channels.count * 7

        let folder = scenario.checkout.folder.url
        let process = try WatchProcess(
            executable: scenario.runner.executable,
            arguments: [
                "reconcile", "--once", "--repo", scenario.checkout.origin.path,
                "--cache-dir", folder.appendingPathComponent("cache").path, "--concurrency", "1",
                "--endpoint-url", scenario.moto.url.absoluteString, "--instance", scenario.instance,
                "--log-level", "info",
            ],
            environment: scenario.runner.environment, directory: folder.path, logFolder: folder.path,
            name: "reconcile")

        // Interrupt once the first change is logged.
        let applying = await WatchProcess.eventually(within: .seconds(60)) {
            process.errorText.contains("applied change")
        }
        try #require(applying, "\(process.errorText)")
        process.send(SIGINT)
        let code = await process.wait(timeout: .seconds(60))
        #expect(code == 1, "\(process.errorText)")

        // The changes applied so far are printed, fewer than planned, and said on stderr.
        let output = process.outputText
        let header = try #require(output.split(separator: "\n").first, "\(output)")
        let applied = try #require(
            header.hasPrefix("applied ") ? Int(header.dropFirst(8).prefix { $0.isNumber }) : nil, "\(output)")
        #expect(applied > 0 && applied < totalSteps, "\(output)")
        #expect(
            process.errorLines(containing: "error: stopped by SIGINT")
                == [
                    "error: stopped by SIGINT after applying \(applied) \(applied == 1 ? "change" : "changes"); "
                        + "run reconcile again to finish"
                ],
            "\(process.errorText)")
        let users = try await scenario.managedUsers()
        #expect(users.count < channels.count * 3)

        // The status records where the run stopped.
        let message = try ConfigCheckout.git(
            ["log", "-1", "--format=%s", "main"], in: scenario.checkout.origin)
        #expect(message.hasPrefix("status: reconciled"), "\(message)")
        var reasons: [String: Int] = [:]
        for channel in channels {
            let status = try ConfigCheckout.git(
                ["show", "main:status/\(channel.name).yaml"], in: scenario.checkout.origin)
            let phase = status.split(separator: "\n").first { $0.hasPrefix("phase: ") }.map(String.init) ?? "?"
            let cancelled = status.contains("reason: Cancelled")
            reasons[phase + (cancelled ? " Cancelled" : ""), default: 0] += 1
        }
        #expect(reasons["phase: Failed Cancelled", default: 0] > 0, "\(reasons)")
        #expect(reasons.keys.allSatisfy { $0.hasSuffix(" Cancelled") }, "\(reasons)")
    }
}
