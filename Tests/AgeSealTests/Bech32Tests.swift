import AgeSeal
import Testing

@Suite("Bech32")
struct Bech32Tests {
    /// BIP 173's valid Bech32 strings.
    static let valid = [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ]

    @Test("BIP 173's valid strings decode and encode back to their lower-case form", arguments: valid)
    func validStrings(text: String) throws {
        let decoded = try Bech32.decodedGroups(text)
        #expect(
            Bech32.encoded(humanReadablePart: decoded.humanReadablePart, groups: decoded.groups) == text.lowercased())
    }

    /// BIP 173's invalid strings, plus mixed case and a changed checksum, with the reason found.
    static let invalid: [(String, Bech32Error)] = [
        (" 1nwldj5", .invalidCharacter(position: 1)),
        ("\u{7F}1axkwrx", .invalidCharacter(position: 1)),
        ("\u{80}1eym55h", .invalidCharacter(position: 1)),
        ("pzry9x0s0muk", .missingSeparator),
        ("1pzry9x0s0muk", .emptyHumanReadablePart),
        ("x1b4n0q5v", .invalidCharacter(position: 3)),
        ("li1dgmt3", .checksumTooShort),
        ("de1lg7wt\u{FF}", .invalidCharacter(position: 9)),
        ("A1G7SGD8", .checksumMismatch),
        ("10a06t8", .emptyHumanReadablePart),
        ("1qzzfhee", .emptyHumanReadablePart),
        ("a12UEL5L", .mixedCase),
        ("A12uEL5L", .mixedCase),
        ("a12uel5m", .checksumMismatch),
    ]

    @Test("invalid strings are rejected with the first problem found", arguments: invalid)
    func invalidStrings(text: String, expected: Bech32Error) {
        #expect(throws: expected) {
            try Bech32.decodedGroups(text)
        }
    }

    @Test("bytes survive encoding and decoding for every length up to 40")
    func bytesRoundTrip() throws {
        for count in 0...40 {
            let bytes = sampleBytes(count: count, seed: UInt8(count))
            let text = Bech32.encoded(humanReadablePart: "age", bytes: bytes)
            let decoded = try Bech32.decoded(text)
            #expect(decoded.humanReadablePart == "age")
            #expect(decoded.bytes == bytes)
            #expect(try Bech32.decoded(text.uppercased()).bytes == bytes)
        }
    }

    @Test("data that does not make whole bytes is rejected even with a valid checksum")
    func partialBytes() {
        // Two groups are ten bits: one byte and two padding bits, which must be zero.
        #expect(throws: Bech32Error.nonZeroPadding) {
            try Bech32.decoded(Bech32.encoded(humanReadablePart: "a", groups: [31, 31]))
        }
        // One group is five bits: no whole byte at all.
        #expect(throws: Bech32Error.incompleteByte) {
            try Bech32.decoded(Bech32.encoded(humanReadablePart: "a", groups: [0]))
        }
        #expect(throws: Never.self) {
            try Bech32.decoded(Bech32.encoded(humanReadablePart: "a", groups: [31, 28]))
        }
    }
}
