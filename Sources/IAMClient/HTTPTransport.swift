public import Foundation

/// An HTTP request as the AWS client sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header names and values in the order they are sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers as received, and the whole body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

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

/// Sends HTTP requests. The production implementation is libcurl with reused connections; tests
/// may substitute a scripted transport.
///
/// Implementations are safe to call concurrently. A failure to get any response (connection
/// refused or reset, timeout, TLS failure) throws `TransportError`; every HTTP status, 5xx
/// included, is a response.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A request that got no HTTP response.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Could not connect (refused, DNS, unreachable).
        case connect
        /// The connection dropped after the request may have been sent: the outcome is unknown.
        case connectionReset
        case timeout
        /// TLS handshake or certificate verification failed; never retried.
        case tls
        /// The calling task was cancelled while the request was queued or in flight.
        case cancelled
        /// Anything else (a malformed URL, an unsupported protocol, out of memory).
        case other
    }

    public var kind: Kind
    /// The URL's host and port, never its query string.
    public var endpoint: String
    public var message: String

    public init(kind: Kind, endpoint: String, message: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.message = message
    }

    public var description: String { "\(endpoint): \(message)" }
}
