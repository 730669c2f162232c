internal import COpenSSL

/// The ChaCha20-Poly1305 AEAD (RFC 8439) under one key: 12-byte nonces, 16-byte tags.
///
/// An instance owns one OpenSSL cipher context holding the key, which OpenSSL wipes when the
/// instance is released. Each `seal` or `open` call sets its own nonce, so one instance serves
/// any number of messages; never seal two messages under the same key and nonce. An instance is
/// not safe to use from several threads at once.
public final class ChaCha20Poly1305 {
    /// The key length in bytes.
    public static let keyByteCount = 32
    /// The nonce length in bytes.
    public static let nonceByteCount = 12
    /// The authentication tag length in bytes, appended to every sealed message.
    public static let tagByteCount = 16

    private let algorithm: CipherAlgorithm
    private let context: OpaquePointer

    /// Prepares a cipher under `key`, which must be exactly `keyByteCount` bytes.
    ///
    /// A key of another length is a programming error. OpenSSL keeps its own copy of the key.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide ChaCha20-Poly1305 or a context.
    public init(key: some Sequence<UInt8>) throws(DigestError) {
        algorithm = try CipherAlgorithm.chaCha20Poly1305.get()
        guard let context = EVP_CIPHER_CTX_new() else {
            throw DigestError.fromQueue(function: "EVP_CIPHER_CTX_new")
        }
        self.context = context
        let status = withContiguousBytes(key) { key in
            precondition(key.count == Self.keyByteCount, "ChaCha20Poly1305 key must be 32 bytes, got \(key.count)")
            return EVP_CipherInit_ex2(context, algorithm.pointer, key.baseAddress, nil, 1, nil)
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_CipherInit_ex2")
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// Encrypts `plaintext` and returns the ciphertext followed by the 16-byte tag.
    ///
    /// `additionalData` is authenticated but not encrypted. `nonce` must be `nonceByteCount`
    /// bytes; another length is a programming error.
    ///
    /// - Throws: `DigestError` when OpenSSL fails while encrypting.
    public func seal(
        _ plaintext: some Sequence<UInt8>,
        nonce: [UInt8],
        authenticating additionalData: [UInt8] = []
    ) throws(DigestError) -> [UInt8] {
        try start(nonce: nonce, additionalData: additionalData, encrypting: true)
        var failure: DigestError?
        let sealed = withContiguousBytes(plaintext) { input in
            [UInt8](unsafeUninitializedCapacity: input.count + Self.tagByteCount) { output, count in
                failure = encrypt(input, into: output)
                count = failure == nil ? output.count : 0
            }
        }
        if let failure {
            throw failure
        }
        return sealed
    }

    /// Decrypts `sealed` (ciphertext followed by tag) and returns the plaintext, or `nil` when
    /// the tag does not authenticate it under this key, `nonce` and `additionalData`.
    ///
    /// `nil` covers a wrong key, a wrong nonce, altered bytes and input shorter than a tag; no
    /// unauthenticated plaintext is ever returned. `nonce` must be `nonceByteCount` bytes.
    ///
    /// - Throws: `DigestError` when OpenSSL fails for a reason other than a mismatched tag.
    public func open(
        _ sealed: some Sequence<UInt8>,
        nonce: [UInt8],
        authenticating additionalData: [UInt8] = []
    ) throws(DigestError) -> [UInt8]? {
        try start(nonce: nonce, additionalData: additionalData, encrypting: false)
        var failure: DigestError?
        var isAuthentic = false
        let plaintext = withContiguousBytes(sealed) { input in
            let length = max(input.count - Self.tagByteCount, 0)
            return [UInt8](unsafeUninitializedCapacity: length) { output, count in
                guard input.count >= Self.tagByteCount else {
                    count = 0
                    return
                }
                (isAuthentic, failure) = decrypt(input, into: output)
                if !isAuthentic {
                    // Unauthenticated plaintext must not linger in freed memory either.
                    OPENSSL_cleanse(output.baseAddress, output.count)
                }
                count = isAuthentic ? length : 0
            }
        }
        if let failure {
            throw failure
        }
        return isAuthentic ? plaintext : nil
    }

    /// Sets the nonce and direction for a new message and feeds the additional data.
    private func start(nonce: [UInt8], additionalData: [UInt8], encrypting: Bool) throws(DigestError) {
        precondition(nonce.count == Self.nonceByteCount, "ChaCha20Poly1305 nonce must be 12 bytes, got \(nonce.count)")
        // A null cipher and key keep the ones set in init; only the nonce and direction change.
        guard EVP_CipherInit_ex2(context, nil, nil, nonce, encrypting ? 1 : 0, nil) == 1 else {
            throw DigestError.fromQueue(function: "EVP_CipherInit_ex2")
        }
        guard !additionalData.isEmpty else {
            return
        }
        precondition(additionalData.count <= Int(Int32.max), "ChaCha20Poly1305 additional data too long")
        var written: Int32 = 0
        // A null output buffer tells OpenSSL these bytes are additional data.
        guard EVP_CipherUpdate(context, nil, &written, additionalData, Int32(additionalData.count)) == 1 else {
            throw DigestError.fromQueue(function: "EVP_CipherUpdate")
        }
    }

    /// Encrypts `input` into the front of `output` and writes the tag after it.
    private func encrypt(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> DigestError? {
        guard let base = output.baseAddress else {
            preconditionFailure("ChaCha20Poly1305: the output always has room for the tag")
        }
        if let failure = update(input, into: base) {
            return failure
        }
        var written: Int32 = 0
        guard EVP_CipherFinal_ex(context, base + input.count, &written) == 1 else {
            return DigestError.fromQueue(function: "EVP_CipherFinal_ex")
        }
        let tag = base + input.count
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagByteCount), tag) == 1 else {
            return DigestError.fromQueue(function: "EVP_CIPHER_CTX_ctrl")
        }
        return nil
    }

    /// Decrypts `input` (ciphertext and tag) into `output`; reports whether the tag matched.
    private func decrypt(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> (isAuthentic: Bool, failure: DigestError?) {
        let length = input.count - Self.tagByteCount
        let tag = UnsafeMutableRawPointer(mutating: input.baseAddress.map { $0 + length })
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagByteCount), tag) == 1 else {
            return (false, DigestError.fromQueue(function: "EVP_CIPHER_CTX_ctrl"))
        }
        var scratch = [UInt8](repeating: 0, count: Self.tagByteCount)
        return scratch.withUnsafeMutableBufferPointer { scratch in
            let base = output.baseAddress ?? scratch.baseAddress
            if let failure = update(UnsafeBufferPointer(rebasing: input.prefix(length)), into: base) {
                return (false, failure)
            }
            var written: Int32 = 0
            guard EVP_CipherFinal_ex(context, scratch.baseAddress, &written) == 1 else {
                // OpenSSL reports a tag mismatch as a failed final step. Clear the queue so that
                // no entry it may have left blames a later call.
                ERR_clear_error()
                return (false, nil)
            }
            return (true, nil)
        }
    }

    /// Runs `input` through the cipher into `output`, which has room for all of it.
    private func update(
        _ input: UnsafeBufferPointer<UInt8>,
        into output: UnsafeMutablePointer<UInt8>?
    ) -> DigestError? {
        guard !input.isEmpty else {
            return nil
        }
        precondition(input.count <= Int(Int32.max), "ChaCha20Poly1305 message too long: \(input.count) bytes")
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, output, &written, input.baseAddress, Int32(input.count)) == 1 else {
            return DigestError.fromQueue(function: "EVP_CipherUpdate")
        }
        return nil
    }
}

/// A symmetric cipher fetched once from OpenSSL's providers.
///
/// Shared for the same reasons as `MessageDigestAlgorithm`.
final class CipherAlgorithm: @unchecked Sendable {
    // Sendable: `pointer` never changes after init and OpenSSL never mutates a fetched EVP_CIPHER.
    let pointer: OpaquePointer

    /// Fetches the named cipher (an OpenSSL name such as `ChaCha20-Poly1305`).
    init(name: String) throws(DigestError) {
        guard let fetched = EVP_CIPHER_fetch(nil, name, nil) else {
            throw DigestError.fromQueue(function: "EVP_CIPHER_fetch")
        }
        pointer = fetched
    }

    deinit {
        EVP_CIPHER_free(pointer)
    }

    /// ChaCha20-Poly1305, fetched on first use; a failed fetch is kept and rethrown to every caller.
    static let chaCha20Poly1305 = Result { () throws(DigestError) in
        try CipherAlgorithm(name: "ChaCha20-Poly1305")
    }
}
