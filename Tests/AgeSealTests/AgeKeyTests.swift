import AgeSeal
import Testing

@Suite("Age recipients and identities")
struct AgeKeyTests {
    @Test("the fixture's secret key gives the public key age-keygen printed, and encodes back")
    func fixtureIdentity() throws {
        let line = try Fixture.secretKeyLine()
        let identity = try AgeIdentity(line)
        #expect(identity.recipient.description == Fixture.recipient)
        #expect(try identity.encodedSecretKey() == line)
        #expect(try AgeIdentity(line.lowercased()).recipient == identity.recipient)
    }

    @Test("a recipient parses in lower or upper case and prints in lower case")
    func recipientCase() throws {
        let recipient = try AgeRecipient(Fixture.recipient)
        #expect(recipient.publicKey.count == 32)
        #expect(recipient.description == Fixture.recipient)
        #expect(try AgeRecipient(Fixture.recipient.uppercased()) == recipient)
    }

    @Test("a generated identity round-trips through its secret key text")
    func generated() throws {
        let identity = try AgeIdentity()
        let text = try identity.encodedSecretKey()
        #expect(text.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(text == text.uppercased())
        #expect(text.count == 74)
        #expect(try AgeIdentity(text).recipient == identity.recipient)
        #expect(identity.recipient.description.count == 62)
        #expect(try AgeIdentity().recipient != identity.recipient)
    }

    static let expectation =
        "; expected \"age1\" followed by 58 Bech32 characters, as age-keygen prints for the public key"

    /// Bad recipient texts and the exact message each gives.
    static let badRecipients: [(String, String)] = [
        (
            String(Fixture.recipient.dropLast()) + "d",
            "not an age recipient: \"\(Fixture.recipient.dropLast())d\": its checksum does not match, "
                + "so a character is wrong, missing or swapped" + expectation
        ),
        (
            "Age1" + Fixture.recipient.dropFirst(4),
            "not an age recipient: \"Age1\(Fixture.recipient.dropFirst(4))\": it mixes upper-case and "
                + "lower-case letters" + expectation
        ),
        (
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "not an age recipient: \"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw\": it starts with "
                + "\"abcdef1\" instead of \"age1\"" + expectation
        ),
        (
            "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqar9jk6",
            "not an age recipient: \"age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqar9jk6\": "
                + "it holds 31 bytes, not the 32 of an X25519 public key" + expectation
        ),
        (
            "age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtb",
            "not an age recipient: \"age1mn4w5dtw82gfk6kgd4qwfd00yltqfufcjg7a5atgxn4cj8sr0casxhgmtb\": "
                + "character 62 is not a Bech32 character" + expectation
        ),
        ("", "not an age recipient: \"\": it has no \"1\" separating the prefix from the data" + expectation),
        ("age1", "not an age recipient: \"age1\": it is too short to end in a 6-character checksum" + expectation),
        (
            " " + Fixture.recipient,
            "not an age recipient: \" \(Fixture.recipient)\": character 1 is not a Bech32 character" + expectation
        ),
        (
            String(repeating: "x", count: 150),
            "not an age recipient: \"\(String(repeating: "x", count: 100))\"... (150 characters): it has no "
                + "\"1\" separating the prefix from the data" + expectation
        ),
    ]

    @Test("a bad recipient names the input, the problem and what is expected", arguments: badRecipients)
    func badRecipient(text: String, message: String) {
        let error = #expect(throws: AgeError.self) {
            try AgeRecipient(text)
        }
        #expect(error?.description == message)
    }

    @Test("a secret key given as a recipient is refused without repeating it")
    func secretKeyAsRecipient() throws {
        let line = try Fixture.secretKeyLine()
        for text in [line, line.lowercased()] {
            let error = #expect(throws: AgeError.self) {
                try AgeRecipient(text)
            }
            #expect(
                error?.description
                    == "not an age recipient: (a secret key, not shown): this is an age secret key, which must "
                    + "never be shared; give its public key" + Self.expectation)
            #expect(error?.description.contains(String(line.dropFirst(16).prefix(20))) == false)
        }
    }

    static let identityExpectation =
        "; expected \"AGE-SECRET-KEY-1\" followed by 58 Bech32 characters, as age-keygen writes it"

    @Test("a bad identity says what is wrong and never repeats the text")
    func badIdentity() throws {
        let line = try Fixture.secretKeyLine()
        let cases: [(String, String)] = [
            (
                String(line.dropLast()) + (line.hasSuffix("Q") ? "P" : "Q"),
                "its checksum does not match, so a "
                    + "character is wrong, missing or swapped"
            ),
            ("AGE-SECRET-KEY-1" + line.dropFirst(16).lowercased(), "it mixes upper-case and lower-case letters"),
            (Fixture.recipient, "it does not start with \"AGE-SECRET-KEY-1\""),
            ("", "it has no \"1\" separating the prefix from the data"),
        ]
        for (text, problem) in cases {
            let error = #expect(throws: AgeError.self) {
                try AgeIdentity(text)
            }
            #expect(error?.description == "not an age identity: " + problem + Self.identityExpectation)
            #expect(error?.description.contains(String(line.dropFirst(16).prefix(20))) == false)
        }
    }

    @Test("an identity's description, debug text and dump show the recipient only")
    func identityRedacted() throws {
        let line = try Fixture.secretKeyLine()
        let identity = try AgeIdentity(line)
        let secretPart = String(line.dropFirst(16).prefix(40))
        #expect(identity.description == "AgeIdentity(recipient: \(Fixture.recipient), secret key redacted)")
        var dumped = ""
        dump(identity, to: &dumped)
        for text in [identity.description, String(reflecting: identity), "\(identity)", dumped] {
            #expect(!text.uppercased().contains(secretPart))
        }
    }
}
