internal import COpenSSL

/// SHA-256 (FIPS 180-4), in one call or fed in pieces.
///
/// An instance owns one OpenSSL digest context: create it, `update` it any number of times, then
/// `finalize`, which also resets it for the next message. An instance is not safe to use from
/// several threads at once; the static `hash` functions are.
public final class SHA256 {
    /// The length of a SHA-256 digest in bytes.
    public static let byteCount = 32

    private let algorithm: MessageDigestAlgorithm
    private let context: OpaquePointer

    /// Starts an empty message.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide SHA-256 or allocate a context.
    public init() throws(DigestError) {
        algorithm = try MessageDigestAlgorithm.sha256.get()
        guard let context = EVP_MD_CTX_new() else {
            throw DigestError.fromQueue(function: "EVP_MD_CTX_new")
        }
        self.context = context
        guard EVP_DigestInit_ex2(context, algorithm.pointer, nil) == 1 else {
            throw DigestError.fromQueue(function: "EVP_DigestInit_ex2")
        }
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Appends bytes to the message; contiguous collections such as `[UInt8]` are not copied.
    public func update(_ bytes: some Sequence<UInt8>) throws(DigestError) {
        let status = withContiguousBytes(bytes) { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_DigestUpdate")
        }
    }

    /// Appends the UTF-8 bytes of `text` to the message.
    public func update(_ text: String) throws(DigestError) {
        try update(text.utf8)
    }

    /// Returns the digest of everything passed to `update` and starts a new, empty message.
    public func finalize() throws(DigestError) -> [UInt8] {
        var status: Int32 = 0
        let digest = [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, count in
            var length: UInt32 = 0
            status = EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
            count = status == 1 ? Int(length) : 0
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_DigestFinal_ex")
        }
        guard EVP_DigestInit_ex2(context, algorithm.pointer, nil) == 1 else {
            throw DigestError.fromQueue(function: "EVP_DigestInit_ex2")
        }
        return digest
    }

    /// Returns the SHA-256 digest of `bytes`; contiguous collections are not copied.
    ///
    /// - Throws: `DigestError` when OpenSSL cannot provide SHA-256 or fails while hashing.
    public static func hash(_ bytes: some Sequence<UInt8>) throws(DigestError) -> [UInt8] {
        let algorithm = try MessageDigestAlgorithm.sha256.get()
        var status: Int32 = 0
        let digest = withContiguousBytes(bytes) { input in
            [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, count in
                var length: UInt32 = 0
                status = EVP_Digest(
                    input.baseAddress, input.count, buffer.baseAddress, &length, algorithm.pointer, nil)
                count = status == 1 ? Int(length) : 0
            }
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "EVP_Digest")
        }
        return digest
    }

    /// Returns the SHA-256 digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) throws(DigestError) -> [UInt8] {
        try hash(text.utf8)
    }
}
