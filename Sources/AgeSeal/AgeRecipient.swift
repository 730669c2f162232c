/// An age X25519 recipient: the public key that files are sealed for, written `age1...`.
///
/// Values are plain public data and safe to share between threads, print and log.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte X25519 public key.
    public let publicKey: [UInt8]

    /// Parses the Bech32 text that age-keygen prints as "public key", such as `age1ql3z...`.
    ///
    /// Accepts the text all in lower case or all in upper case; nothing else, not even
    /// surrounding spaces.
    ///
    /// - Throws: `AgeError.invalidRecipient` naming the input and what is wrong with it. Text
    ///   that looks like a secret key is not repeated in the error.
    public init(_ text: String) throws(AgeError) {
        guard !text.uppercased().hasPrefix("AGE-SECRET-KEY-") else {
            throw AgeError.invalidRecipient(
                input: "(a secret key, not shown)",
                problem: "this is an age secret key, which must never be shared; give its public key")
        }
        let shown = Self.quoted(text)
        let decoded: (humanReadablePart: String, bytes: [UInt8])
        do {
            decoded = try Bech32.decoded(text)
        } catch {
            throw AgeError.invalidRecipient(input: shown, problem: error.description)
        }
        guard decoded.humanReadablePart == "age" else {
            throw AgeError.invalidRecipient(
                input: shown, problem: "it starts with \"\(decoded.humanReadablePart)1\" instead of \"age1\"")
        }
        guard decoded.bytes.count == 32 else {
            throw AgeError.invalidRecipient(
                input: shown, problem: "it holds \(decoded.bytes.count) bytes, not the 32 of an X25519 public key")
        }
        publicKey = decoded.bytes
    }

    /// A recipient for a public key that X25519 itself produced, so it needs no checks.
    init(publicKey: [UInt8]) {
        precondition(publicKey.count == 32, "AgeRecipient public key must be 32 bytes, got \(publicKey.count)")
        self.publicKey = publicKey
    }

    /// The canonical lower-case `age1...` text.
    public var description: String {
        Bech32.encoded(humanReadablePart: "age", bytes: publicKey)
    }

    /// The input in double quotes with escapes, cut short when it is long.
    private static func quoted(_ text: String) -> String {
        let limit = 100
        guard text.count > limit else {
            return String(reflecting: text)
        }
        return String(reflecting: String(text.prefix(limit))) + "... (\(text.count) characters)"
    }
}
