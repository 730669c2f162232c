import Digest
public import Foundation

/// Signs HTTP requests with AWS Signature Version 4, as every AWS SDK does.
///
/// The signer is a value: credentials, region and service are fixed at creation, and the time
/// is passed to each call, so the same inputs always give the same signature. Signing keys are
/// derived once per scope date and reused. Safe to use from any number of tasks at once.
///
/// Paths are normalized (`.`, `..` and empty segments removed) as for every service but S3,
/// which this signer does not target.
public struct SigV4Signer: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The request body, given either as bytes to hash or as its SHA-256 already computed.
    public enum Payload: Sendable, Equatable {
        /// The body's bytes; the signer hashes them.
        case bytes([UInt8])
        /// The lower-case hex SHA-256 of the body, for a body hashed while it was built.
        case hash(String)

        /// An empty body.
        public static let empty = Payload.bytes([])
    }

    /// The algorithm name that opens the string to sign and the `Authorization` header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Headers left out of the signature because proxies and HTTP stacks may change them.
    static let unsignedHeaders: Set<String> = ["user-agent", "expect", "x-amzn-trace-id"]

    /// Headers the signer writes itself; caller-supplied values are ignored.
    static let replacedHeaders: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]

    /// The key pair (and session token) that signs; renderings of the signer redact the secrets.
    public let credentials: AWSCredentials
    /// The region in the credential scope, for example `us-east-1` for IAM.
    public let region: String
    /// The signing name of the service, for example `iam` or `sts`.
    public let service: String
    private let keyCache = SigningKeyCache()

    /// Creates a signer for one set of credentials, region and service.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    // MARK: Signing

    /// Returns the headers to add to a request so that AWS accepts it.
    ///
    /// The result holds `Host` (when `headers` has none: the URL's host, with the port unless it
    /// is the scheme's default), `X-Amz-Date`, `X-Amz-Security-Token` when the credentials carry
    /// a session token, and `Authorization`, in that order. Send them in place of any header of
    /// the same name. The path and query are signed exactly as `url` holds them, percent escapes
    /// included.
    ///
    /// Every header in `headers` is signed except `User-Agent`, `Expect` and `X-Amzn-Trace-Id`.
    /// `Authorization`, `X-Amz-Date` and `X-Amz-Security-Token` in `headers` are ignored: drop
    /// them from the request, the result carries the signer's own.
    ///
    /// - Throws: `SigV4Error.missingHost` when neither `headers` nor `url` names a host;
    ///   `SigV4Error.digest` when OpenSSL fails.
    public func signingHeaders(
        method: String,
        url: URL,
        headers: [(name: String, value: String)],
        payload: Payload,
        date: Date
    ) throws(SigV4Error) -> [(name: String, value: String)] {
        var headers = headers
        var added: [(name: String, value: String)] = []
        if !headers.contains(where: { Self.isHeader($0.name, named: "host") }), let host = Self.hostHeader(for: url) {
            added.append((name: "Host", value: host))
            headers.append((name: "Host", value: host))
        }
        let target = try signingHeaders(
            method: method, target: Self.requestTarget(of: url), headers: headers, payload: payload, date: date)
        return added + target
    }

    /// Returns the headers to add to a request given by its request-line target.
    ///
    /// `target` is the path and query exactly as on the HTTP request line (`/path?query`), and
    /// `headers` must include `Host`. The result is as for `signingHeaders(method:url:...)`,
    /// without `Host`.
    ///
    /// - Throws: `SigV4Error.missingHost` when `headers` has no `Host`; `SigV4Error.digest` when
    ///   OpenSSL fails.
    public func signingHeaders(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        payload: Payload,
        date: Date
    ) throws(SigV4Error) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        let (canonical, added) = try canonicalForm(
            method: method, target: target, headers: headers, payload: payload, stamp: stamp)
        let toSign = try stringToSignBytes(canonicalRequest: canonical.bytes, stamp: stamp)
        let key = try keyCache.key(for: stamp.day, derive: signingKey)
        let signature = try digesting { () throws(DigestError) in
            try HMACSHA256.authenticationCode(for: toSign, key: key)
        }
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(day: stamp.day)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(Hex.encoded(signature))"
        return added + [(name: "Authorization", value: authorization)]
    }

    // MARK: Steps exposed for tests

    /// Returns the canonical request that `signingHeaders(method:target:...)` would sign.
    ///
    /// Secret-equivalent: never log it or put it in a message.
    package func canonicalRequest(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        payload: Payload,
        date: Date
    ) throws(SigV4Error) -> String {
        let canonical = try canonicalForm(
            method: method, target: target, headers: headers, payload: payload, stamp: AmzDate(date)
        ).canonical
        return String(decoding: canonical.bytes, as: UTF8.self)
    }

    /// Returns the string to sign for a canonical request signed at `date`.
    package func stringToSign(canonicalRequest: String, date: Date) throws(SigV4Error) -> String {
        let bytes = try stringToSignBytes(canonicalRequest: Array(canonicalRequest.utf8), stamp: AmzDate(date))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Descriptions

    public var description: String {
        "SigV4Signer(accessKeyID: \(credentials.accessKeyID), region: \(region), service: \(service))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["credentials": credentials, "region": region, "service": service])
    }

    // MARK: Internals

    /// Builds the canonical request from the caller's headers plus those the signer adds.
    private func canonicalForm(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        payload: Payload,
        stamp: AmzDate
    ) throws(SigV4Error) -> (canonical: CanonicalRequest, added: [(name: String, value: String)]) {
        var signed = headers.filter { header in
            let name = header.name.lowercased()
            return !Self.replacedHeaders.contains(name) && !Self.unsignedHeaders.contains(name)
        }
        guard signed.contains(where: { Self.isHeader($0.name, named: "host") }) else {
            throw .missingHost(method: method)
        }

        var added = [(name: "X-Amz-Date", value: stamp.timestamp)]
        if let token = credentials.sessionToken {
            added.append((name: "X-Amz-Security-Token", value: token))
        }
        signed.append(contentsOf: added)

        let payloadHash: String
        switch payload {
        case .bytes(let body):
            payloadHash = Hex.encoded(try digesting { () throws(DigestError) in try SHA256.hash(body) })
        case .hash(let hash):
            payloadHash = hash
        }
        let canonical = CanonicalRequest(method: method, target: target, headers: signed, payloadHash: payloadHash)
        return (canonical, added)
    }

    /// Returns algorithm, timestamp, credential scope and canonical request hash, one per line.
    private func stringToSignBytes(canonicalRequest: [UInt8], stamp: AmzDate) throws(SigV4Error) -> [UInt8] {
        let hash = try digesting { () throws(DigestError) in try SHA256.hash(canonicalRequest) }
        let text = "\(Self.algorithm)\n\(stamp.timestamp)\n\(scope(day: stamp.day))\n\(Hex.encoded(hash))"
        return Array(text.utf8)
    }

    private func scope(day: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// Derives the signing key: HMAC chained over date, region, service and `aws4_request`.
    private func signingKey(day: String) throws(SigV4Error) -> [UInt8] {
        try digesting { () throws(DigestError) in
            let secret = Array("AWS4\(credentials.secretAccessKey)".utf8)
            let dateKey = try HMACSHA256.authenticationCode(for: day, key: secret)
            let regionKey = try HMACSHA256.authenticationCode(for: region, key: dateKey)
            let serviceKey = try HMACSHA256.authenticationCode(for: service, key: regionKey)
            return try HMACSHA256.authenticationCode(for: "aws4_request", key: serviceKey)
        }
    }

    private func digesting<Value>(_ body: () throws(DigestError) -> Value) throws(SigV4Error) -> Value {
        do {
            return try body()
        } catch {
            throw .digest(error)
        }
    }

    private static func isHeader(_ name: String, named lowerCaseName: String) -> Bool {
        name.utf8.count == lowerCaseName.utf8.count && name.lowercased() == lowerCaseName
    }

    /// Returns the `Host` value for `url`: bracketed if IPv6, with the port unless default.
    static func hostHeader(for url: URL) -> String? {
        guard let host = url.host(percentEncoded: true), !host.isEmpty else {
            return nil
        }
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort: Int? =
            switch url.scheme?.lowercased() {
            case "http": 80
            case "https": 443
            default: nil
            }
        guard let port = url.port, port != defaultPort else {
            return name
        }
        return "\(name):\(port)"
    }

    /// Returns the path and query of `url` as they go on the request line; an empty path is `/`.
    static func requestTarget(of url: URL) -> String {
        let path = url.path(percentEncoded: true)
        let target = path.isEmpty ? "/" : path
        guard let query = url.query(percentEncoded: true) else {
            return target
        }
        return "\(target)?\(query)"
    }
}
