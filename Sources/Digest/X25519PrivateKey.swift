internal import COpenSSL

/// An X25519 private key (RFC 7748) with its public key, for Diffie-Hellman key agreement.
///
/// An instance owns one OpenSSL key object; OpenSSL wipes the private scalar when the instance
/// is released. The description and reflection never show key bytes. An instance is not safe to
/// use from several threads at once.
public final class X25519PrivateKey: CustomStringConvertible, CustomReflectable {
    /// The length of private keys, public keys and shared secrets in bytes.
    public static let byteCount = 32

    /// The public key, `X25519(privateKey, 9)`, as 32 little-endian bytes; not secret.
    public let publicKey: [UInt8]

    private let key: AsymmetricKey

    /// Generates a new random key pair from OpenSSL's default random generator.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide X25519 or generate a key.
    public convenience init() throws(DigestError) {
        let context = try AsymmetricKeyContext(algorithm: "X25519")
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else {
            throw DigestError.fromQueue(function: "EVP_PKEY_keygen_init")
        }
        var generated: OpaquePointer?
        guard EVP_PKEY_generate(context.pointer, &generated) == 1, let generated else {
            throw DigestError.fromQueue(function: "EVP_PKEY_generate")
        }
        try self.init(key: AsymmetricKey(owning: generated))
    }

    /// Takes the 32 bytes of an existing private key, as RFC 7748 encodes it.
    ///
    /// Any 32 bytes are a valid key: X25519 clamps the scalar itself. Another length is a
    /// programming error. OpenSSL keeps its own copy; the caller should wipe `rawRepresentation`.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide X25519.
    public convenience init(rawRepresentation: some Sequence<UInt8>) throws(DigestError) {
        let created = withContiguousBytes(rawRepresentation) { bytes in
            precondition(bytes.count == Self.byteCount, "X25519 private key must be 32 bytes, got \(bytes.count)")
            return EVP_PKEY_new_raw_private_key_ex(nil, "X25519", nil, bytes.baseAddress, bytes.count)
        }
        guard let created else {
            throw DigestError.fromQueue(function: "EVP_PKEY_new_raw_private_key_ex")
        }
        try self.init(key: AsymmetricKey(owning: created))
    }

    private init(key: AsymmetricKey) throws(DigestError) {
        self.key = key
        publicKey = try key.rawBytes(function: "EVP_PKEY_get_raw_public_key", EVP_PKEY_get_raw_public_key)
    }

    /// A fixed text naming the public key only.
    public var description: String {
        "X25519PrivateKey(public key \(Hex.encoded(publicKey)), private key redacted)"
    }

    /// An empty mirror, so that `dump` and debuggers show no key material.
    public var customMirror: Mirror {
        Mirror(self, children: [])
    }

    /// Returns a copy of the 32 private key bytes; the caller owns the secret and should wipe it.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot export the key.
    public func rawRepresentation() throws(DigestError) -> [UInt8] {
        try key.rawBytes(function: "EVP_PKEY_get_raw_private_key", EVP_PKEY_get_raw_private_key)
    }

    /// Returns the shared secret `X25519(privateKey, peerPublicKey)`, or `nil` when it is all
    /// zero because the peer key is a point of small order.
    ///
    /// The `nil` case is the contributory check that protocols such as age require: a peer
    /// could otherwise force a secret known to anyone. `peerPublicKey` must be 32 bytes; another
    /// length is a programming error. The secret is the caller's to wipe.
    ///
    /// - Throws: `DigestError` when OpenSSL fails for any other reason.
    public func sharedSecret(with peerPublicKey: some Sequence<UInt8>) throws(DigestError) -> [UInt8]? {
        let created = withContiguousBytes(peerPublicKey) { bytes in
            precondition(bytes.count == Self.byteCount, "X25519 public key must be 32 bytes, got \(bytes.count)")
            return EVP_PKEY_new_raw_public_key_ex(nil, "X25519", nil, bytes.baseAddress, bytes.count)
        }
        guard let created else {
            throw DigestError.fromQueue(function: "EVP_PKEY_new_raw_public_key_ex")
        }
        let peer = AsymmetricKey(owning: created)
        let context = try AsymmetricKeyContext(key: key)
        guard EVP_PKEY_derive_init(context.pointer) == 1 else {
            throw DigestError.fromQueue(function: "EVP_PKEY_derive_init")
        }
        guard EVP_PKEY_derive_set_peer(context.pointer, peer.pointer) == 1 else {
            throw DigestError.fromQueue(function: "EVP_PKEY_derive_set_peer")
        }
        return try Self.derive(context)
    }

    /// Runs the derivation; maps OpenSSL's own all-zero refusal and any all-zero output to `nil`.
    private static func derive(_ context: AsymmetricKeyContext) throws(DigestError) -> [UInt8]? {
        var status: Int32 = 0
        var secret = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, count in
            var length = buffer.count
            status = EVP_PKEY_derive(context.pointer, buffer.baseAddress, &length)
            count = status == 1 ? length : 0
        }
        guard status == 1 else {
            let error = DigestError.fromQueue(function: "EVP_PKEY_derive")
            // OpenSSL 3 refuses an all-zero result with this reason; it is the same outcome.
            let isSmallOrder =
                ERR_GET_LIB(error.code) == ERR_LIB_PROV && ERR_GET_REASON(error.code) == PROV_R_FAILED_DURING_DERIVATION
            if isSmallOrder {
                return nil
            }
            throw error
        }
        guard secret.count == byteCount else {
            SecureMemory.wipe(&secret)
            throw DigestError(
                function: "EVP_PKEY_derive", code: 0, reason: "returned \(secret.count) bytes instead of 32")
        }
        // Checked here too, in case a provider does not refuse by itself.
        guard secret.contains(where: { $0 != 0 }) else {
            return nil
        }
        return secret
    }
}

/// Owns one OpenSSL `EVP_PKEY`.
final class AsymmetricKey {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, which this instance frees.
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Copies 32 raw key bytes out through `export` (the public or the private getter).
    func rawBytes(
        function: String,
        _ export: (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?) -> Int32
    ) throws(DigestError) -> [UInt8] {
        var status: Int32 = 0
        var length = X25519PrivateKey.byteCount
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            status = export(pointer, buffer.baseAddress, &length)
            count = status == 1 ? length : 0
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: function)
        }
        return bytes
    }
}

/// Owns one OpenSSL `EVP_PKEY_CTX`, keeping its key alive as long as it lives.
final class AsymmetricKeyContext {
    private let key: AsymmetricKey?
    let pointer: OpaquePointer

    /// A context for generating keys of the named algorithm, such as `X25519`.
    init(algorithm: String) throws(DigestError) {
        key = nil
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
            throw DigestError.fromQueue(function: "EVP_PKEY_CTX_new_from_name")
        }
        pointer = context
    }

    /// A context for operations with `key`, such as derivation.
    init(key: AsymmetricKey) throws(DigestError) {
        self.key = key
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else {
            throw DigestError.fromQueue(function: "EVP_PKEY_CTX_new_from_pkey")
        }
        pointer = context
    }

    deinit {
        EVP_PKEY_CTX_free(pointer)
    }
}
