import Digest

/// An age X25519 identity: the secret key that opens files sealed for its recipient.
///
/// Used to open files in tests and tools; sealing needs only recipients. The description and
/// reflection show the recipient, never the secret key. An instance is not safe to use from
/// several threads at once.
public final class AgeIdentity: CustomStringConvertible, CustomReflectable {
    /// The recipient that files must be sealed for to open with this identity.
    public let recipient: AgeRecipient

    let privateKey: X25519PrivateKey

    /// Generates a new random identity.
    ///
    /// - Throws: `AgeError.openSSL` when OpenSSL cannot generate a key.
    public convenience init() throws(AgeError) {
        do {
            try self.init(privateKey: X25519PrivateKey())
        } catch {
            throw AgeError.openSSL(error)
        }
    }

    /// Parses the `AGE-SECRET-KEY-1...` line of an age-keygen identity file.
    ///
    /// Accepts the text all in upper case (as age writes it) or all in lower case.
    ///
    /// - Throws: `AgeError.invalidIdentity` saying what is wrong, without quoting the text;
    ///   `AgeError.openSSL` when OpenSSL fails.
    public convenience init(_ text: String) throws(AgeError) {
        // Limitation: `text` is the caller's string and cannot be wiped; only the copies made
        // here are.
        let prefix: String
        let secret: SecretBytes
        do {
            let decoded = try Bech32.decoded(text)
            (prefix, secret) = (decoded.humanReadablePart, SecretBytes(decoded.bytes))
        } catch {
            throw AgeError.invalidIdentity(problem: error.description)
        }
        guard prefix == "age-secret-key-" else {
            throw AgeError.invalidIdentity(problem: "it does not start with \"AGE-SECRET-KEY-1\"")
        }
        guard secret.bytes.count == 32 else {
            throw AgeError.invalidIdentity(
                problem: "it holds \(secret.bytes.count) bytes, not the 32 of an X25519 secret key")
        }
        do {
            try self.init(privateKey: X25519PrivateKey(rawRepresentation: secret.bytes))
        } catch {
            throw AgeError.openSSL(error)
        }
    }

    private init(privateKey: X25519PrivateKey) {
        self.privateKey = privateKey
        recipient = AgeRecipient(publicKey: privateKey.publicKey)
    }

    /// Returns the secret key as age writes it, `AGE-SECRET-KEY-1` and upper-case Bech32.
    ///
    /// The result is the secret itself: write it only where a secret belongs.
    ///
    /// - Throws: `AgeError.openSSL` when OpenSSL cannot export the key.
    public func encodedSecretKey() throws(AgeError) -> String {
        // Limitation: Swift strings cannot be wiped, so the returned text stays in memory until
        // the allocator reuses it.
        let secret: SecretBytes
        do {
            secret = SecretBytes(try privateKey.rawRepresentation())
        } catch {
            throw AgeError.openSSL(error)
        }
        return Bech32.encoded(humanReadablePart: "age-secret-key-", bytes: secret.bytes).uppercased()
    }

    /// The recipient and a note that the secret key is withheld.
    public var description: String {
        "AgeIdentity(recipient: \(recipient), secret key redacted)"
    }

    /// An empty mirror, so that `dump` and debuggers show no key material.
    public var customMirror: Mirror {
        Mirror(self, children: [])
    }
}
