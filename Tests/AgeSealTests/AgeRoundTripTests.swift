import AgeSeal
import Testing

@Suite("Sealing and opening age files")
struct AgeRoundTripTests {
    static let sizes = [0, 1, 65536, 65537]

    @Test("one recipient opens what was sealed for it", arguments: sizes)
    func oneRecipient(size: Int) throws {
        let identity = try AgeIdentity()
        let plaintext = sampleBytes(count: size)
        let file = try AgeEncryptor.seal(plaintext, to: [identity.recipient])
        #expect(try AgeDecryptor.open(file, identity: identity) == plaintext)
    }

    @Test("each of several recipients opens the same file", arguments: sizes)
    func severalRecipients(size: Int) throws {
        let identities = try (0..<3).map { _ in try AgeIdentity() }
        let plaintext = sampleBytes(count: size, seed: 7)
        let file = try AgeEncryptor.seal(plaintext, to: identities.map(\.recipient))
        for identity in identities {
            #expect(try AgeDecryptor.open(file, identity: identity) == plaintext)
        }
    }

    @Test("the file has the age v1 layout: header, one stanza per recipient, MAC line, chunked payload")
    func layout() throws {
        let recipients = try (0..<2).map { _ in try AgeIdentity().recipient }
        for (size, chunks) in [(0, 1), (1, 1), (65536, 1), (65537, 2)] {
            let file = try AgeEncryptor.seal(sampleBytes(count: size), to: recipients)
            let header = try #require(headerLines(of: file))
            #expect(header.lines.count == 6)
            #expect(header.lines[0] == "age-encryption.org/v1")
            for index in [1, 3] {
                let parts = header.lines[index].split(separator: " ")
                #expect(parts.count == 3 && parts[0] == "->" && parts[1] == "X25519" && parts[2].count == 43)
                #expect(header.lines[index + 1].count == 43)
            }
            #expect(header.lines[1] != header.lines[3])
            #expect(header.lines[5].hasPrefix("--- ") && header.lines[5].count == 47)
            #expect(file.count - header.byteCount == 16 + size + 16 * chunks)
        }
    }

    @Test("sealing the same plaintext twice gives different files")
    func randomized() throws {
        let recipient = try AgeIdentity().recipient
        let plaintext = Array("same".utf8)
        #expect(try AgeEncryptor.seal(plaintext, to: [recipient]) != AgeEncryptor.seal(plaintext, to: [recipient]))
    }

    @Test("sealing for no one, or for a point of small order, is refused")
    func refusedRecipients() throws {
        let none = #expect(throws: AgeError.self) {
            try AgeEncryptor.seal([1], to: [])
        }
        #expect(none?.description == "cannot seal for no one: give at least one age recipient (age1...)")
        let zero = "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z"
        let smallOrder = #expect(throws: AgeError.self) {
            try AgeEncryptor.seal([1], to: [try AgeIdentity().recipient, try AgeRecipient(zero)])
        }
        #expect(
            smallOrder?.description
                == "not an age recipient: \(zero): it is a point of small order, whose shared secret anyone "
                + "could compute; expected \"age1\" followed by 58 Bech32 characters, as age-keygen prints for "
                + "the public key")
    }

    @Test("the fixture sealed by the real age tool opens with the fixture identity")
    func fixtureFromAge() throws {
        let identity = try AgeIdentity(try Fixture.secretKeyLine())
        #expect(try AgeDecryptor.open(try Fixture.bytes("sealed-by-age.age"), identity: identity) == Fixture.plaintext)
    }

    @Test("another identity cannot open the file, and the error names its recipient")
    func wrongIdentity() throws {
        let file = try AgeEncryptor.seal([1, 2, 3], to: [try AgeIdentity().recipient, try AgeIdentity().recipient])
        let stranger = try AgeIdentity()
        let error = #expect(throws: AgeError.self) {
            try AgeDecryptor.open(file, identity: stranger)
        }
        #expect(
            error?.description
                == "the age file is not sealed for \(stranger.recipient): none of its 2 X25519 recipient stanzas "
                + "opens with this identity; use an identity it was sealed for")
    }

    /// The header lines of `file` up to the MAC line, and the header's length in bytes.
    func headerLines(of file: [UInt8]) -> (lines: [String], byteCount: Int)? {
        var lines: [String] = []
        var start = 0
        while let end = file[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: file[start..<end], as: UTF8.self)
            lines.append(line)
            start = end + 1
            if line.hasPrefix("---") {
                return (lines, start)
            }
        }
        return nil
    }
}
