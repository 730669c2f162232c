public import Foundation

/// An HTTP request as the AWS client sends it.
public struct HTTPRequest: Sendable {
    /// The method, `POST` for the Query API.
    public var method: String
    /// The absolute URL.
    public var url: URL
    /// Header names and values in the order they are sent.
    public var headers: [(name: String, value: String)]
    /// The whole body; may hold a secret, so never log it.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers as received, and the whole body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header names and values as received, the last response's only (after `100 Continue`).
    public var headers: [(name: String, value: String)]
    /// The whole body; may hold a secret (`CreateAccessKey`), so never log it.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header of that name, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Sends HTTP requests.
///
/// The production implementation is libcurl with reused connections; tests may substitute a
/// scripted transport.
///
/// Implementations are safe to call concurrently. A failure to get any response (connection
/// refused or reset, timeout, TLS failure) throws `TransportError`; every HTTP status, 5xx
/// included, is a response.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the whole response, whatever its status.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A request that got no HTTP response.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it was, which decides whether it is retried.
    public enum Kind: Sendable, Equatable {
        /// The request was never sent: the connection was refused, the name did not resolve,
        /// connecting timed out, or the connection dropped before any byte went out. Repeating
        /// it is always safe.
        case connect
        /// The connection dropped after the request may have been sent: the outcome is unknown.
        case connectionReset
        /// No complete response arrived in time after the request was sent: the outcome is
        /// unknown.
        case timeout
        /// TLS handshake or certificate verification failed; never retried.
        case tls
        /// The calling task was cancelled while the request was queued or in flight.
        case cancelled
        /// Anything else (a malformed URL, an unsupported protocol, out of memory).
        case other
    }

    /// What kind of failure it was.
    public var kind: Kind
    /// The URL's host and port, never its query string.
    public var endpoint: String
    /// What happened, with the transport library's own message; never a header or body.
    public var message: String

    /// Creates the error.
    public init(kind: Kind, endpoint: String, message: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.message = message
    }

    /// `endpoint: message`.
    public var description: String { "\(endpoint): \(message)" }
}
