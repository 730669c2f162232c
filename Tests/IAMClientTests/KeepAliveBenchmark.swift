import Foundation
import IAMClient
import Testing

/// A benchmark, not a test: run by `Benchmarks/keepalive.sh`, which sets
/// `CHANNELOPS_BENCHMARK_CALLS`; skipped otherwise.
@Suite("keep-alive benchmark over the HTTPS front", .serialized)
struct KeepAliveBenchmark {
    static let calls = ProcessInfo.processInfo.environment["CHANNELOPS_BENCHMARK_CALLS"].flatMap { Int($0) }

    @Test(
        "sequential GetUser calls over reused connections and over a new connection per call",
        .enabled(if: calls != nil && Emulator.isTLSAvailable, "set CHANNELOPS_BENCHMARK_CALLS and start the emulator"))
    func keepAlive() async throws {
        let calls = try #require(Self.calls)
        let name = Emulator.uniqueName("bench")
        let setup = try Emulator.iam(Emulator.tlsURL, options: CurlTransport.Options(caBundlePath: Emulator.caBundle))
        _ = try await setup.createUser(name: name)

        var perCall: [Bool: Duration] = [:]
        for reuse in [true, false] {
            let options = CurlTransport.Options(caBundlePath: Emulator.caBundle, reusesConnections: reuse)
            let iam = try Emulator.iam(Emulator.tlsURL, options: options)
            for _ in 0..<10 {
                _ = try await iam.getUser(name: name)
            }
            let elapsed = try await ContinuousClock().measure {
                for _ in 0..<calls {
                    _ = try await iam.getUser(name: name)
                }
            }
            perCall[reuse] = elapsed / calls
            let label = reuse ? "reused connections" : "new connection per call"
            let figures = "\(calls) GetUser calls in \(Self.format(elapsed)), \(Self.format(elapsed / calls)) per call"
            print("keepalive: \(label): \(figures)")
        }
        try await setup.deleteUser(name: name)
        #expect(try #require(perCall[true]) < #require(perCall[false]))
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.2f ms", seconds * 1_000)
    }
}
