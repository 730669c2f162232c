import ChannelLog
import Foundation
import SigV4
import Testing

@testable import IAMClient

/// A credential source that counts its fetches and answers from a script.
actor CredentialCountingSource: TemporaryCredentialSource {
    private(set) var fetches = 0
    private let lifetime: TimeInterval
    private let clock: @Sendable () -> Date
    private var failure: CredentialError?
    private let delay: Duration

    init(lifetime: TimeInterval, clock: @escaping @Sendable () -> Date, delay: Duration = .zero) {
        self.lifetime = lifetime
        self.clock = clock
        self.delay = delay
    }

    func fail(with error: CredentialError?) {
        failure = error
    }

    func fetchCredentials() async throws -> TemporaryCredentials {
        fetches += 1
        let number = fetches
        if delay > .zero {
            try await Task.sleep(for: delay)
        }
        if let failure {
            throw failure
        }
        return TemporaryCredentials(
            credentials: AWSCredentials(accessKeyID: "ASIA\(number)", secretAccessKey: "s\(number)", sessionToken: "t"),
            expiration: clock().addingTimeInterval(lifetime)
        )
    }
}

@Suite("Temporary credential cache")
struct CredentialCacheTests {
    @Test("credentials are reused until 5 minutes before they expire, then fetched again")
    func refreshesBeforeExpiry() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let source = CredentialCountingSource(lifetime: 3600, clock: clock.read)
        let provider = CachingCredentialProvider(
            source: source,
            sourceName: "test source",
            clock: clock.read,
            logger: .disabled
        )

        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        clock.advance(by: 3600 - 301)
        #expect(try await provider.credentials().accessKeyID == "ASIA1", "301 s before expiry: still cached")
        clock.advance(by: 1)
        #expect(try await provider.credentials().accessKeyID == "ASIA2", "300 s before expiry: refreshed")
        #expect(await source.fetches == 2)
    }

    @Test("concurrent callers during a refresh share one fetch")
    func concurrentCallersShareOneFetch() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let source = CredentialCountingSource(lifetime: 3600, clock: clock.read, delay: .milliseconds(100))
        let provider = CachingCredentialProvider(
            source: source,
            sourceName: "test source",
            clock: clock.read,
            logger: .disabled
        )

        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await provider.credentials().accessKeyID }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(keys == Array(repeating: "ASIA1", count: 20))
        #expect(await source.fetches == 1)
    }

    @Test("a failed refresh keeps cached credentials that still last over a minute, with a warning")
    func failedRefreshKeepsUsableCredentials() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let source = CredentialCountingSource(lifetime: 3600, clock: clock.read)
        let capture = CredentialLogCapture()
        let provider = CachingCredentialProvider(
            source: source,
            sourceName: "role arn:aws:iam::123456789012:role/x",
            clock: clock.read,
            logger: Logger(label: "test", level: .trace, handler: capture)
        )
        _ = try await provider.credentials()
        await source.fail(with: .instanceMetadata(problem: "HTTP 500 to the session token request"))

        clock.advance(by: 3600 - 200)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(
            capture.text
                == "credential refresh failed; using cached credentials until they expire "
                + "error=instance metadata: HTTP 500 to the session token request "
                + "source=role arn:aws:iam::123456789012:role/x"
        )
        #expect(capture.records.map(\.level) == [.warning])

        clock.advance(by: 150)
        let message = await CredentialFixture.errorText { _ = try await provider.credentials() }
        #expect(message == "instance metadata: HTTP 500 to the session token request", "50 s left: too late to keep")
        #expect(await source.fetches == 3)
    }

    @Test("a failed first fetch reaches every waiting caller")
    func failedFetchReachesEveryCaller() async throws {
        let clock = CredentialTestClock(CredentialFixture.start)
        let source = CredentialCountingSource(lifetime: 3600, clock: clock.read, delay: .milliseconds(50))
        await source.fail(with: .container(url: "http://169.254.170.2/v2/x", problem: "HTTP 500"))
        let provider = CachingCredentialProvider(
            source: source,
            sourceName: "test source",
            clock: clock.read,
            logger: .disabled
        )

        let messages = await withTaskGroup(of: String.self) { group in
            for _ in 0..<5 {
                group.addTask { await CredentialFixture.errorText { _ = try await provider.credentials() } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }

        #expect(messages == Array(repeating: "container credentials at http://169.254.170.2/v2/x: HTTP 500", count: 5))
        #expect(await source.fetches == 1)
    }
}
