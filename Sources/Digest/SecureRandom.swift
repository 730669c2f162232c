internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's default generator.
public enum SecureRandom {
    /// Returns `count` random bytes, suitable for keys, nonces and retry jitter seeds.
    ///
    /// `count` must be between 0 and `Int32.max`; anything else is a programming error.
    ///
    /// - Throws: `DigestError` for `RAND_bytes` when the generator cannot be seeded.
    public static func bytes(count: Int) throws(DigestError) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes count out of range: \(count)")
        var status: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = RAND_bytes(buffer.baseAddress, Int32(count))
            initialized = status == 1 ? count : 0
        }
        guard status == 1 else {
            throw DigestError.fromQueue(function: "RAND_bytes")
        }
        return bytes
    }
}
