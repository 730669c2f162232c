import Foundation
import IAMClient
import Testing

@Suite("retries over libcurl against a fault-injecting HTTP server")
struct FaultInjectionTests {
    static func iam(_ server: FaultServer, maxAttempts: Int = 3) throws -> IAMService {
        let transport = try CurlTransport(options: CurlTransport.Options(requestTimeout: .seconds(10)))
        let configuration = AWSClient.Configuration.iam(
            endpoint: server.url, retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(5)))
        return IAMService(
            client: AWSClient(configuration: configuration, transport: transport, credentials: FixedCredentials()))
    }

    @Test(
        "succeeds on the third attempt after two failures",
        arguments: [
            FaultServer.Mode.throttle, .error500, .drop,
        ])
    func recovers(mode: FaultServer.Mode) async throws {
        let server = try FaultServer(mode, failures: 2)
        let iam = try Self.iam(server)
        let user = try await iam.getUser(name: "alice")
        #expect(user.userID == "AIDAFAULTSERVER")
        #expect(try await server.stats().posts == 3)
        #expect(iam.apiCalls == APICallCounts(total: 3, byAction: ["GetUser": 3], retries: 2))
    }

    @Test("gives up after the configured attempts with the last error")
    func throttledPastLimit() async throws {
        let server = try FaultServer(.throttle, failures: 4)
        let error = try #require(
            await #expect(throws: IAMError.self) { try await Self.iam(server, maxAttempts: 4).getUser(name: "alice") })
        #expect(try await server.stats().posts == 4)
        #expect(
            error.description
                == "GetUser user=alice: Throttling: Rate exceeded (HTTP 400, request id fault-4); "
                + "gave up after 4 attempts"
        )
    }

    @Test("HTTP 500 past the limit names ServiceFailure and the attempts")
    func serverErrorPastLimit() async throws {
        let server = try FaultServer(.error500, failures: 3)
        let error = try #require(
            await #expect(throws: IAMError.self) { try await Self.iam(server).getUser(name: "alice") })
        #expect(try await server.stats().posts == 3)
        #expect(
            error.description
                == "GetUser user=alice: ServiceFailure: Internal (HTTP 500, request id fault-3); "
                + "gave up after 3 attempts"
        )
    }

    @Test("dropped connections past the limit are reported as such")
    func droppedPastLimit() async throws {
        let server = try FaultServer(.drop, failures: 3)
        let error = try #require(
            await #expect(throws: IAMError.self) { try await Self.iam(server).getUser(name: "alice") })
        #expect(try await server.stats().posts == 3)
        guard case .transport(let failure) = error.reason else {
            Issue.record("expected a transport failure, got \(error)")
            return
        }
        #expect(failure.kind == .connectionReset)
        let endpoint = "127.0.0.1:\(server.url.port ?? 0)"
        #expect(
            error.description
                == "GetUser user=alice: no response from \(endpoint): connection dropped: Server returned nothing "
                + "(no headers, no data) (curl 52): Empty reply from server; gave up after 3 attempts")
    }

    @Test("CreateAccessKey is sent once when the connection drops after sending")
    func createAccessKeyNotRepeated() async throws {
        let server = try FaultServer(.drop, failures: 1)
        let error = try #require(
            await #expect(throws: IAMError.self) { try await Self.iam(server).createAccessKey(user: "alice") })
        #expect(error.isOutcomeUnknown)
        #expect(try await server.stats().posts == 1)
    }

    @Test("sequential calls reuse one kept-alive connection")
    func keepAlive() async throws {
        let server = try FaultServer(.throttle, failures: 0)
        let iam = try Self.iam(server)
        for _ in 0..<5 {
            _ = try await iam.getUser(name: "alice")
        }
        #expect(try await server.stats() == (posts: 5, connections: 1))
    }

    @Test("with reuse turned off every call opens a new connection")
    func noReuse() async throws {
        let server = try FaultServer(.throttle, failures: 0)
        let transport = try CurlTransport(options: CurlTransport.Options(reusesConnections: false))
        let iam = IAMService(
            client: AWSClient(
                configuration: .iam(endpoint: server.url), transport: transport, credentials: FixedCredentials()))
        for _ in 0..<3 {
            _ = try await iam.getUser(name: "alice")
        }
        #expect(try await server.stats() == (posts: 3, connections: 3))
    }

    @Test("a refused connection is retried and reported as could not connect")
    func refused() async throws {
        // Bind a port, then release it so nothing listens there.
        let server = try FaultServer(.throttle, failures: 0)
        let url = server.url
        server.stop()
        let transport = try CurlTransport()
        let configuration = AWSClient.Configuration.iam(
            endpoint: url, retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)))
        let iam = IAMService(
            client: AWSClient(configuration: configuration, transport: transport, credentials: FixedCredentials()))
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "alice") })
        #expect(error.attempts == 2)
        #expect(
            error.description.hasPrefix(
                "GetUser user=alice: no response from 127.0.0.1:\(url.port ?? 0): could not connect: Couldn't "
                    + "connect to server (curl 7)"))
        #expect(error.description.hasSuffix("; gave up after 2 attempts"))
    }
}

@Suite("timeouts and cancellation of in-flight requests over libcurl")
struct TransportTimeoutTests {
    @Test("a server that never answers times out, is retried, and is reported as a timeout")
    func requestTimeout() async throws {
        let server = try FaultServer(.hang, failures: 10)
        let transport = try CurlTransport(options: CurlTransport.Options(requestTimeout: .milliseconds(300)))
        let configuration = AWSClient.Configuration.iam(
            endpoint: server.url, retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)))
        let iam = IAMService(
            client: AWSClient(configuration: configuration, transport: transport, credentials: FixedCredentials()))
        let error = try #require(await #expect(throws: IAMError.self) { try await iam.getUser(name: "alice") })
        guard case .transport(let failure) = error.reason else {
            Issue.record("expected a transport failure, got \(error)")
            return
        }
        #expect(failure.kind == .timeout)
        #expect(error.attempts == 2)
        #expect(try await server.stats().posts == 2)
        #expect(
            error.description.hasPrefix(
                "GetUser user=alice: no response from 127.0.0.1:\(server.url.port ?? 0): timed out waiting for the "
                    + "response: Timeout was reached (curl 28)"))
    }

    @Test("cancelling the calling task stops an in-flight request long before its timeout")
    func cancellation() async throws {
        let server = try FaultServer(.hang, failures: 10)
        // The long timeout makes the two outcomes distinct: a cancellation that did not take
        // effect would end in a timeout error after two minutes.
        let timeout = Duration.seconds(120)
        let transport = try CurlTransport(options: CurlTransport.Options(requestTimeout: timeout))
        let iam = IAMService(
            client: AWSClient(
                configuration: .iam(endpoint: server.url), transport: transport, credentials: FixedCredentials()))
        let task = Task { try await iam.getUser(name: "alice") }
        // Cancel once the request is in flight, however long a loaded machine takes to send it.
        var waited = 0
        while try await server.stats().posts == 0, waited < 600 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        let cancelled = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // Compared with the timeout, not with a few seconds: other suites running at the same
        // time can hold the cooperative threads, but a cancellation that did not take effect
        // would wait for the whole timeout.
        #expect(ContinuousClock.now - cancelled < timeout / 2)
        let error = try #require(result.failure as? IAMError)
        #expect(error.description == "GetUser user=alice: cancelled before a response arrived")
        #expect(try await server.stats().posts == 1)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self {
            return error
        }
        return nil
    }
}
