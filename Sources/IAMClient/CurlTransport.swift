import Foundation

/// The production `HTTPTransport`: libcurl, with connections kept alive and reused.
///
/// Each request runs on one of at most `Options.maximumConcurrentRequests` worker threads,
/// never on Swift's cooperative pool, because libcurl's easy interface blocks. Each worker
/// owns one easy handle and so one set of open connections; an idle worker that finished
/// last is picked first, so requests made one after another reuse the same connection. The
/// workers share a DNS cache and a TLS session cache. Requests beyond the limit wait in
/// order. Cancelling the calling task stops a queued request at once and an in-flight one at
/// libcurl's next progress check.
///
/// Certificate verification is always on; `Options.caBundlePath` (from `AWS_CA_BUNDLE` or
/// `ca_bundle`) replaces the system's trusted CAs, as the AWS SDKs do. Safe to use from many
/// tasks at once. Worker threads end when the transport is released.
public final class CurlTransport: HTTPTransport {
    /// How the transport connects.
    public struct Options: Sendable, Equatable {
        /// The longest wait to connect, TLS handshake included.
        public var connectTimeout: Duration
        /// The longest a whole request may take, connecting included.
        public var requestTimeout: Duration
        /// A PEM file of CA certificates to trust instead of the system's; `nil` for the system's.
        public var caBundlePath: String?
        /// Whether connections are kept open and reused; `false` opens a new one per request
        /// (for comparison in benchmarks).
        public var reusesConnections: Bool
        /// The most requests in flight at once, which is also the most worker threads and the
        /// most open connections.
        public var maximumConcurrentRequests: Int
        /// The largest response body accepted; a larger one fails the request.
        public var maximumResponseBytes: Int

        /// Creates options; the defaults suit IAM.
        public init(
            connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60),
            caBundlePath: String? = nil,
            reusesConnections: Bool = true,
            maximumConcurrentRequests: Int = 8,
            maximumResponseBytes: Int = 64 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.caBundlePath = caBundlePath
            self.reusesConnections = reusesConnections
            self.maximumConcurrentRequests = max(1, maximumConcurrentRequests)
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// The options the transport was created with.
    public let options: Options
    private let pool: CurlWorkerPool

    /// Creates a transport; initialises libcurl on first use.
    ///
    /// - Throws: `TransportError` when libcurl cannot be initialised or the CA bundle file is
    ///   not readable.
    public init(options: Options = Options()) throws(TransportError) {
        if let failure = CurlGlobal.initializationFailure {
            throw TransportError(kind: .other, endpoint: "libcurl", message: failure)
        }
        if let path = options.caBundlePath, !FileManager.default.isReadableFile(atPath: path) {
            throw TransportError(
                kind: .tls, endpoint: "CA bundle",
                message: "the CA bundle file \(path) (AWS_CA_BUNDLE or ca_bundle) does not exist or is not readable")
        }
        self.options = options
        pool = CurlWorkerPool(options: options, share: try CurlShare(endpoint: "libcurl"))
    }

    deinit {
        pool.shutDown()
    }

    /// Sends `request` on a worker thread and returns the whole response.
    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let cancellation = CurlCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pool.submit(CurlJob(request: request, cancellation: cancellation, continuation: continuation))
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// The URL's host and port, for messages; never its path or query.
    static func endpointLabel(_ url: URL) -> String {
        let host = url.host ?? "?"
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
