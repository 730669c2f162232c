import Digest

/// Secret bytes (a key, a shared secret) wiped when the last reference goes away.
///
/// Owning the bytes in a class keeps one copy whose lifetime ends in `deinit`, so call sites
/// need no cleanup code. Reading `bytes` shares the storage without copying it.
final class SecretBytes {
    private(set) var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    deinit {
        SecureMemory.wipe(&bytes)
    }
}
