public import ChannelLog
public import Foundation
public import SigV4

/// Caches the temporary credentials of a source and fetches new ones before they expire.
///
/// Credentials are reused until `refreshMargin` (5 minutes by default) before their expiration.
/// Callers that arrive while a fetch is running wait for that fetch instead of starting their own,
/// so concurrent requests cause one STS or metadata call. If a fetch fails while the cached
/// credentials are still valid for more than `minimumValidity` (1 minute by default), the cached
/// credentials are returned and the failure is logged as a warning; the next call tries again.
/// Otherwise the failure is thrown to every waiting caller. Nothing is fetched before the first
/// call.
public actor CachingCredentialProvider: CredentialProvider {
    private let source: any TemporaryCredentialSource
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let refreshMargin: TimeInterval
    private let minimumValidity: TimeInterval
    private let sourceName: String
    private var cached: TemporaryCredentials?
    /// Callers waiting for the fetch in progress; `nil` when none is running.
    private var waiters: [CheckedContinuation<AWSCredentials, any Error>]?

    /// Wraps `source`, named `sourceName` in the warning logged when a refresh fails; `clock`
    /// gives the current time, so tests can pin it.
    public init(
        source: any TemporaryCredentialSource,
        sourceName: String,
        clock: @escaping @Sendable () -> Date,
        logger: Logger,
        refreshMargin: TimeInterval = 300,
        minimumValidity: TimeInterval = 60
    ) {
        self.source = source
        self.sourceName = sourceName
        self.clock = clock
        self.logger = logger
        self.refreshMargin = refreshMargin
        self.minimumValidity = minimumValidity
    }

    /// Returns the cached credentials, or fetches new ones when they are within the refresh margin.
    public func credentials() async throws -> AWSCredentials {
        if let cached, clock() < cached.expiration.addingTimeInterval(-refreshMargin) {
            return cached.credentials
        }
        if waiters != nil {
            return try await withCheckedThrowingContinuation { continuation in
                waiters?.append(continuation)
            }
        }

        waiters = []
        let outcome: Result<AWSCredentials, any Error>
        do {
            let fresh = try await source.fetchCredentials()
            cached = fresh
            outcome = .success(fresh.credentials)
        } catch {
            outcome = fallback(after: error)
        }

        let pending = waiters ?? []
        waiters = nil
        for waiter in pending {
            waiter.resume(with: outcome)
        }
        return try outcome.get()
    }

    /// The outcome of a failed fetch: the cached credentials while they are still usable,
    /// else the error.
    private func fallback(after error: any Error) -> Result<AWSCredentials, any Error> {
        guard let cached, clock() < cached.expiration.addingTimeInterval(-minimumValidity) else {
            return .failure(error)
        }
        // The cached credentials stay valid for over a minute, so requests can go on with them;
        // failing now would turn a brief STS or metadata outage into a failed run.
        logger.warning(
            "credential refresh failed; using cached credentials until they expire",
            ["source": sourceName, LogKey.error: String(describing: error)]
        )
        return .success(cached.credentials)
    }
}
