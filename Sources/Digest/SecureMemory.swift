internal import COpenSSL

/// Wiping and comparing secret bytes in ways the optimiser may not undo.
public enum SecureMemory {
    /// Overwrites every byte of `bytes` with zero, through OpenSSL's `OPENSSL_cleanse`.
    ///
    /// Wipes the array's own storage. Copies made earlier (an array shared with another variable,
    /// or storage left behind when the array grew) are out of reach.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        }
    }

    /// Returns whether `first` and `second` hold the same bytes, taking time that depends only
    /// on their lengths.
    ///
    /// Use it to compare authentication codes, so that timing reveals nothing about how many
    /// leading bytes matched. Arrays of different lengths compare unequal at once.
    public static func constantTimeEquals(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else {
            return false
        }
        return first.withUnsafeBytes { left in
            second.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
