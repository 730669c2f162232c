import Digest

/// Opens binary age v1 files sealed for an X25519 identity.
public enum AgeDecryptor {
    /// Returns the plaintext of `file` if it was sealed for `identity`'s recipient.
    ///
    /// Checks in the order the format requires: the header's syntax, the X25519 stanzas until
    /// one opens, the header MAC, then every payload chunk. Plaintext is returned only when all
    /// of them authenticate. Stanzas of other types (such as `scrypt`) are skipped. Secrets made
    /// along the way are wiped before returning; the returned plaintext is the caller's to wipe.
    ///
    /// - Throws: `AgeError.malformedFile` when the bytes are not a binary age v1 file (an armored
    ///   file included); `AgeError.noMatchingStanza` when no stanza is for this identity;
    ///   `AgeError.headerAuthenticationFailed` or `AgeError.payloadAuthenticationFailed` when
    ///   the file was altered; `AgeError.openSSL` when OpenSSL fails.
    public static func open(_ file: [UInt8], identity: AgeIdentity) throws(AgeError) -> [UInt8] {
        let parsed = try ParsedAgeHeader(parsing: file)
        let candidates = parsed.header.stanzas.filter { $0.arguments.first == X25519Stanza.type }
        var unwrapped: SecretBytes?
        for stanza in candidates where unwrapped == nil {
            unwrapped = try X25519Stanza.unwrapping(stanza, with: identity)
        }
        guard let fileKey = unwrapped else {
            throw AgeError.noMatchingStanza(
                recipient: identity.recipient.description, stanzaCount: candidates.count)
        }
        let mac = try AgeHeader.mac(of: parsed.covered, fileKey: fileKey)
        guard SecureMemory.constantTimeEquals(mac, parsed.mac) else {
            throw AgeError.headerAuthenticationFailed
        }
        return try AgePayload.open(file[parsed.payloadStart...], fileKey: fileKey)
    }
}
