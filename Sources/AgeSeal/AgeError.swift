public import Digest

/// A failure to parse an age key, to seal for recipients or to open an age file.
///
/// No case holds a secret: identity errors never quote their input, and file errors never hold
/// plaintext, file keys or private keys.
public enum AgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `input` is not an X25519 recipient (`age1...`); `problem` says what is wrong with it.
    ///
    /// `input` is the text as given, shortened when long, or a placeholder when it looks like a
    /// secret key.
    case invalidRecipient(input: String, problem: String)
    /// The text given as an identity is not an X25519 secret key (`AGE-SECRET-KEY-1...`).
    case invalidIdentity(problem: String)
    /// Sealing was asked for with an empty list of recipients.
    case noRecipients
    /// The bytes are not an age v1 file of the kind this reader takes; `problem` says where.
    case malformedFile(problem: String)
    /// None of the file's X25519 stanzas opens with the identity whose recipient is given.
    case noMatchingStanza(recipient: String, stanzaCount: Int)
    /// A stanza opened, but the header's MAC does not match: the header was changed.
    case headerAuthenticationFailed
    /// The payload chunk with this 1-based number does not authenticate under the file key.
    case payloadAuthenticationFailed(chunkNumber: Int)
    /// OpenSSL failed underneath.
    case openSSL(DigestError)

    /// The message for the operator: what failed, where, and what to do.
    public var description: String {
        switch self {
        case .invalidRecipient(let input, let problem):
            "not an age recipient: \(input): \(problem); expected \"age1\" followed by 58 Bech32 "
                + "characters, as age-keygen prints for the public key"
        case .invalidIdentity(let problem):
            "not an age identity: \(problem); expected \"AGE-SECRET-KEY-1\" followed by 58 Bech32 "
                + "characters, as age-keygen writes it"
        case .noRecipients:
            "cannot seal for no one: give at least one age recipient (age1...)"
        case .malformedFile(let problem):
            "not an age file this reader can open: \(problem)"
        case .noMatchingStanza(let recipient, let stanzaCount):
            "the age file is not sealed for \(recipient): none of its \(stanzaCount) X25519 "
                + "recipient stanzas opens with this identity; use an identity it was sealed for"
        case .headerAuthenticationFailed:
            "the age file's header MAC does not match: the header was altered or damaged after "
                + "sealing; do not trust the file and seal it again"
        case .payloadAuthenticationFailed(let chunkNumber):
            "the age file's payload fails authentication in chunk \(chunkNumber): the file was "
                + "altered, truncated or damaged after sealing; do not trust it and seal it again"
        case .openSSL(let error):
            "age: \(error.description)"
        }
    }
}
