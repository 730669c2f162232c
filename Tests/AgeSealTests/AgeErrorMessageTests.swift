import AgeSeal
import Digest
import Testing

@Suite("Age error messages")
struct AgeErrorMessageTests {
    static let messages: [(AgeError, String)] = [
        (
            .invalidRecipient(input: "\"age1x\"", problem: "it is too short to end in a 6-character checksum"),
            "not an age recipient: \"age1x\": it is too short to end in a 6-character checksum; expected \"age1\" "
                + "followed by 58 Bech32 characters, as age-keygen prints for the public key"
        ),
        (
            .invalidIdentity(problem: "it mixes upper-case and lower-case letters"),
            "not an age identity: it mixes upper-case and lower-case letters; expected \"AGE-SECRET-KEY-1\" "
                + "followed by 58 Bech32 characters, as age-keygen writes it"
        ),
        (.noRecipients, "cannot seal for no one: give at least one age recipient (age1...)"),
        (
            .malformedFile(problem: "the header holds no recipient stanza"),
            "not an age file this reader can open: the header holds no recipient stanza"
        ),
        (
            .noMatchingStanza(recipient: "age1example", stanzaCount: 3),
            "the age file is not sealed for age1example: none of its 3 X25519 recipient stanzas opens with this "
                + "identity; use an identity it was sealed for"
        ),
        (
            .headerAuthenticationFailed,
            "the age file's header MAC does not match: the header was altered or damaged after sealing; do not "
                + "trust the file and seal it again"
        ),
        (
            .payloadAuthenticationFailed(chunkNumber: 4),
            "the age file's payload fails authentication in chunk 4: the file was altered, truncated or damaged "
                + "after sealing; do not trust it and seal it again"
        ),
        (
            .openSSL(DigestError(function: "RAND_bytes", code: 0, reason: "OpenSSL queued no error")),
            "age: OpenSSL RAND_bytes failed: OpenSSL queued no error; check that libcrypto 3 and its default "
                + "provider load (see OPENSSL_CONF and OPENSSL_MODULES)"
        ),
    ]

    @Test("every age error reads as documented", arguments: messages)
    func message(error: AgeError, text: String) {
        #expect(error.description == text)
    }
}
