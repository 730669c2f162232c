internal import COpenSSL

/// A message digest algorithm fetched once from OpenSSL's providers.
///
/// Fetching explicitly, once, spares OpenSSL 3 a lookup on every hash. The fetched algorithm is
/// immutable and OpenSSL documents it as safe to share between threads.
package final class MessageDigestAlgorithm: @unchecked Sendable {
    // Sendable: `pointer` never changes after init and OpenSSL never mutates a fetched EVP_MD.
    let pointer: OpaquePointer

    /// Fetches the named digest (an OpenSSL name such as `SHA256`).
    ///
    /// - Throws: `DigestError` for `EVP_MD_fetch` when no loaded provider offers the name.
    package init(name: String) throws(DigestError) {
        guard let fetched = EVP_MD_fetch(nil, name, nil) else {
            throw DigestError.fromQueue(function: "EVP_MD_fetch")
        }
        pointer = fetched
    }

    deinit {
        EVP_MD_free(pointer)
    }

    /// SHA-256, fetched on first use; a failed fetch is kept and rethrown to every caller.
    static let sha256 = Result { () throws(DigestError) in try MessageDigestAlgorithm(name: "SHA256") }
}

/// A MAC algorithm fetched once from OpenSSL's providers.
///
/// Shared for the same reasons as `MessageDigestAlgorithm`.
package final class MACAlgorithm: @unchecked Sendable {
    // Sendable: `pointer` never changes after init and OpenSSL never mutates a fetched EVP_MAC.
    let pointer: OpaquePointer

    /// Fetches the named MAC (an OpenSSL name such as `HMAC`).
    ///
    /// - Throws: `DigestError` for `EVP_MAC_fetch` when no loaded provider offers the name.
    package init(name: String) throws(DigestError) {
        guard let fetched = EVP_MAC_fetch(nil, name, nil) else {
            throw DigestError.fromQueue(function: "EVP_MAC_fetch")
        }
        pointer = fetched
    }

    deinit {
        EVP_MAC_free(pointer)
    }

    /// HMAC, fetched on first use; a failed fetch is kept and rethrown to every caller.
    static let hmac = Result { () throws(DigestError) in try MACAlgorithm(name: "HMAC") }
}

/// Calls `body` with the bytes of `bytes` in contiguous memory, copying only when they are not.
func withContiguousBytes<Value>(
    _ bytes: some Sequence<UInt8>,
    _ body: (UnsafeBufferPointer<UInt8>) -> Value
) -> Value {
    if let result = bytes.withContiguousStorageIfAvailable(body) {
        return result
    }
    return Array(bytes).withUnsafeBufferPointer(body)
}
