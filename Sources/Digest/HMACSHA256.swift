internal import COpenSSL

/// HMAC with SHA-256 (RFC 2104, RFC 4231), in one call or fed in pieces.
///
/// An instance owns one OpenSSL MAC context holding the key: `update` it, then `finalize`, which
/// also resets it to authenticate a new message under the same key. An instance is not safe to
/// use from several threads at once; the static `authenticationCode` function is.
public final class HMACSHA256 {
    /// The length of an HMAC-SHA256 code in bytes.
    public static let byteCount = 32

    private let algorithm: MACAlgorithm
    private let context: OpaquePointer

    /// Starts a message authenticated with `key`, which may have any length, zero included.
    ///
    /// OpenSSL keeps its own copy of the key and wipes it when the instance is released.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide HMAC-SHA256 or allocate a context.
    public init(key: some Sequence<UInt8>) throws(DigestError) {
        algorithm = try MACAlgorithm.hmac.get()
        guard let context = EVP_MAC_CTX_new(algorithm.pointer) else {
            throw DigestError.fromQueue(function: "EVP_MAC_CTX_new")
        }
        self.context = context
        let status = withContiguousBytes(key) { key in
            Self.initialize(context, key: key)
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_MAC_init")
        }
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    /// Appends bytes to the message; contiguous collections such as `[UInt8]` are not copied.
    public func update(_ bytes: some Sequence<UInt8>) throws(DigestError) {
        let status = withContiguousBytes(bytes) { buffer in
            EVP_MAC_update(context, buffer.baseAddress, buffer.count)
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_MAC_update")
        }
    }

    /// Appends the UTF-8 bytes of `text` to the message.
    public func update(_ text: String) throws(DigestError) {
        try update(text.utf8)
    }

    /// Returns the code for everything passed to `update` and starts a new message, same key.
    public func finalize() throws(DigestError) -> [UInt8] {
        let code = try finalCode()
        // A null key tells OpenSSL to restart with the key it already holds.
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            throw DigestError.fromQueue(function: "EVP_MAC_init")
        }
        return code
    }

    /// Returns HMAC-SHA256 of `message` under `key`; contiguous collections are not copied.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide HMAC-SHA256 or fails while computing.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) throws(DigestError) -> [UInt8] {
        let mac = try HMACSHA256(key: key)
        try mac.update(message)
        return try mac.finalCode()
    }

    /// Returns HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func authenticationCode(
        for message: String,
        key: some Sequence<UInt8>
    ) throws(DigestError) -> [UInt8] {
        try authenticationCode(for: message.utf8, key: key)
    }

    private func finalCode() throws(DigestError) -> [UInt8] {
        var status: Int32 = 0
        let code = [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, count in
            var length = 0
            status = EVP_MAC_final(context, buffer.baseAddress, &length, buffer.count)
            count = status == 1 ? length : 0
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_MAC_final")
        }
        return code
    }

    /// Keys `context` and selects SHA-256; returns OpenSSL's status.
    private static func initialize(_ context: OpaquePointer, key: UnsafeBufferPointer<UInt8>) -> Int32 {
        OSSL_MAC_PARAM_DIGEST.withCString { name in
            "SHA256".withCString { digest in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0),
                    OSSL_PARAM_construct_end(),
                ]
                // An empty key still needs an address: OpenSSL reads a null key as "keep the
                // previous key", and a fresh context has none.
                var placeholder: UInt8 = 0
                return withUnsafePointer(to: &placeholder) { fallback in
                    EVP_MAC_init(context, key.baseAddress ?? fallback, key.count, &parameters)
                }
            }
        }
    }
}
