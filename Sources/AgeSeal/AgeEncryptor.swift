import Digest

/// Seals bytes for age recipients in the binary age v1 format (age-encryption.org/v1).
///
/// The real `age` tool opens the result: `age -d -i identity.txt file.age`.
public enum AgeEncryptor {
    /// Returns `plaintext` sealed so that the identity of any one of `recipients` opens it.
    ///
    /// Each call draws a new random file key, ephemeral keys and payload nonce, so sealing the
    /// same input twice gives different files. Recipients are written in the order given; the
    /// file does not reveal them. Safe to call from several threads at once. Secrets made along
    /// the way are wiped before returning.
    ///
    /// - Throws: `AgeError.noRecipients` for an empty list; `AgeError.invalidRecipient` for a
    ///   recipient that is a point of small order; `AgeError.openSSL` when OpenSSL fails.
    public static func seal(_ plaintext: [UInt8], to recipients: [AgeRecipient]) throws(AgeError) -> [UInt8] {
        guard !recipients.isEmpty else {
            throw AgeError.noRecipients
        }
        let fileKey = SecretBytes(try withOpenSSL { () throws(DigestError) in try SecureRandom.bytes(count: 16) })
        var stanzas: [AgeStanza] = []
        for recipient in recipients {
            stanzas.append(try X25519Stanza.wrapping(fileKey, for: recipient))
        }
        var file = try AgeHeader(stanzas: stanzas).encoded(fileKey: fileKey)
        try AgePayload.seal(plaintext, fileKey: fileKey, appendingTo: &file)
        return file
    }
}
