import Digest

/// Wrapping and unwrapping the file key in `X25519` recipient stanzas.
///
/// The sender makes an ephemeral key pair and writes its public half (the share) as the one
/// argument. Both sides derive the wrap key with HKDF-SHA256 from the X25519 shared secret,
/// salted with share and recipient, and the body is the file key sealed under it with
/// ChaCha20-Poly1305 and a zero nonce; a fresh ephemeral key per stanza makes that safe.
enum X25519Stanza {
    static let type = "X25519"
    private static let info = Array("age-encryption.org/v1/X25519".utf8)
    private static let zeroNonce = [UInt8](repeating: 0, count: ChaCha20Poly1305.nonceByteCount)

    /// Returns a stanza that gives `fileKey` to the holder of `recipient`'s identity.
    ///
    /// - Throws: `AgeError.invalidRecipient` when the recipient is a point of small order.
    static func wrapping(_ fileKey: SecretBytes, for recipient: AgeRecipient) throws(AgeError) -> AgeStanza {
        let ephemeral = try withOpenSSL { () throws(DigestError) in try X25519PrivateKey() }
        let shared = try withOpenSSL { () throws(DigestError) in
            try ephemeral.sharedSecret(with: recipient.publicKey).map(SecretBytes.init)
        }
        guard let shared else {
            throw AgeError.invalidRecipient(
                input: recipient.description,
                problem: "it is a point of small order, whose shared secret anyone could compute")
        }
        let share = ephemeral.publicKey
        let body = try withOpenSSL { () throws(DigestError) in
            let cipher = try wrapCipher(shared: shared, share: share, recipient: recipient.publicKey)
            return try cipher.seal(fileKey.bytes, nonce: zeroNonce)
        }
        return AgeStanza(arguments: [type, String(decoding: Base64.encoded(share), as: UTF8.self)], body: body)
    }

    /// Returns the file key if `stanza` opens with `identity`, or `nil` when it is for someone else.
    ///
    /// - Throws: `AgeError.malformedFile` for a stanza that breaks the X25519 rules: not one
    ///   argument, a share that is not 32 bytes or is of small order, a body that is not 32 bytes.
    static func unwrapping(_ stanza: AgeStanza, with identity: AgeIdentity) throws(AgeError) -> SecretBytes? {
        guard stanza.arguments.count == 2 else {
            throw AgeError.malformedFile(
                problem: "an X25519 stanza has \(stanza.arguments.count - 1) arguments instead of 1")
        }
        guard let share = Base64.decoded(stanza.arguments[1].utf8), share.count == 32 else {
            throw AgeError.malformedFile(problem: "an X25519 stanza's share is not 32 bytes of base64")
        }
        guard stanza.body.count == 32 else {
            throw AgeError.malformedFile(
                problem: "an X25519 stanza's body holds \(stanza.body.count) bytes instead of 32")
        }
        let shared = try withOpenSSL { () throws(DigestError) in
            try identity.privateKey.sharedSecret(with: share).map(SecretBytes.init)
        }
        guard let shared else {
            throw AgeError.malformedFile(problem: "an X25519 stanza's share is a point of small order")
        }
        let fileKey = try withOpenSSL { () throws(DigestError) in
            let cipher = try wrapCipher(shared: shared, share: share, recipient: identity.recipient.publicKey)
            return try cipher.open(stanza.body, nonce: zeroNonce)
        }
        return fileKey.map(SecretBytes.init)
    }

    /// The cipher under the wrap key, HKDF-SHA256(shared, salt: share || recipient, info).
    private static func wrapCipher(
        shared: SecretBytes,
        share: [UInt8],
        recipient: [UInt8]
    ) throws(DigestError) -> ChaCha20Poly1305 {
        let key = SecretBytes(
            try HKDFSHA256.derivedKey(
                inputKeyMaterial: shared.bytes, salt: share + recipient, info: info, byteCount: 32))
        return try ChaCha20Poly1305(key: key.bytes)
    }
}
