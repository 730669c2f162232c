internal import COpenSSL

/// HKDF with SHA-256 (RFC 5869): extract, then expand, in one call.
///
/// Safe to call from several threads at once; each call uses its own OpenSSL context.
public enum HKDFSHA256 {
    /// The most bytes one derivation can produce: 255 blocks of 32 bytes.
    public static let maximumByteCount = 255 * SHA256.byteCount

    /// Returns `byteCount` bytes of keying material derived from `inputKeyMaterial`.
    ///
    /// An empty `salt` means "no salt", which RFC 5869 defines as 32 zero bytes; `info` may be
    /// empty too. `byteCount` must be between 1 and `maximumByteCount`; anything else is a
    /// programming error. The result is secret whenever the input is: wipe it with
    /// `SecureMemory.wipe` once used.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide HKDF or fails while deriving.
    public static func derivedKey(
        inputKeyMaterial: some Sequence<UInt8>,
        salt: some Sequence<UInt8>,
        info: some Sequence<UInt8>,
        byteCount: Int
    ) throws(DigestError) -> [UInt8] {
        precondition(
            byteCount > 0 && byteCount <= maximumByteCount, "HKDFSHA256 byteCount out of range: \(byteCount)")
        let context = try KDFContext(algorithm: try KDFAlgorithm.hkdf.get())
        var status: Int32 = 0
        let key = withContiguousBytes(inputKeyMaterial) { secret in
            withContiguousBytes(salt) { salt in
                withContiguousBytes(info) { info in
                    [UInt8](unsafeUninitializedCapacity: byteCount) { output, count in
                        status = derive(context.pointer, secret: secret, salt: salt, info: info, into: output)
                        count = status == 1 ? byteCount : 0
                    }
                }
            }
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_KDF_derive")
        }
        return key
    }

    /// Runs one derivation into `output`; returns OpenSSL's status.
    private static func derive(
        _ context: OpaquePointer,
        secret: UnsafeBufferPointer<UInt8>,
        salt: UnsafeBufferPointer<UInt8>,
        info: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int32 {
        var entries: [(key: String, value: ParameterValue)] = [
            (OSSL_KDF_PARAM_DIGEST, .text("SHA256")),
            (OSSL_KDF_PARAM_KEY, .octets(secret)),
        ]
        // OpenSSL substitutes the RFC's default salt when none is given; an empty one is the same.
        if !salt.isEmpty {
            entries.append((OSSL_KDF_PARAM_SALT, .octets(salt)))
        }
        if !info.isEmpty {
            entries.append((OSSL_KDF_PARAM_INFO, .octets(info)))
        }
        return withParameters(entries) { parameters in
            EVP_KDF_derive(context, output.baseAddress, output.count, parameters)
        }
    }
}

/// A key derivation function fetched once from OpenSSL's providers.
///
/// Shared for the same reasons as `MessageDigestAlgorithm`.
final class KDFAlgorithm: @unchecked Sendable {
    // Sendable: `pointer` never changes after init and OpenSSL never mutates a fetched EVP_KDF.
    let pointer: OpaquePointer

    /// Fetches the named KDF (an OpenSSL name such as `HKDF`).
    init(name: String) throws(DigestError) {
        guard let fetched = EVP_KDF_fetch(nil, name, nil) else {
            throw DigestError.fromQueue(function: "EVP_KDF_fetch")
        }
        pointer = fetched
    }

    deinit {
        EVP_KDF_free(pointer)
    }

    /// HKDF, fetched on first use; a failed fetch is kept and rethrown to every caller.
    static let hkdf = Result { () throws(DigestError) in try KDFAlgorithm(name: "HKDF") }
}

/// One OpenSSL KDF context; OpenSSL wipes the key material it copied when the context is freed.
final class KDFContext {
    private let algorithm: KDFAlgorithm
    let pointer: OpaquePointer

    init(algorithm: KDFAlgorithm) throws(DigestError) {
        self.algorithm = algorithm
        guard let context = EVP_KDF_CTX_new(algorithm.pointer) else {
            throw DigestError.fromQueue(function: "EVP_KDF_CTX_new")
        }
        pointer = context
    }

    deinit {
        EVP_KDF_CTX_free(pointer)
    }
}
