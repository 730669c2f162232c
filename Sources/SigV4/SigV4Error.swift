public import Digest

/// Why a request could not be signed.
///
/// Messages never contain the secret key, the session token, the signing key or the canonical
/// request.
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request has no `Host` header and its URL names no host, so there is nothing to sign.
    case missingHost(method: String)
    /// OpenSSL failed while hashing or computing the signature.
    case digest(DigestError)

    public var description: String {
        switch self {
        case .missingHost(let method):
            return "cannot sign \(method) request: it has no Host header and its URL has no host; "
                + "use an absolute URL such as https://iam.amazonaws.com/"
        case .digest(let error):
            return "cannot sign request: \(error)"
        }
    }
}
