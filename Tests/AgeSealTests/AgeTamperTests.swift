import AgeSeal
import Testing

@Suite("Altered and malformed age files")
struct AgeTamperTests {
    static let headerMessage =
        "the age file's header MAC does not match: the header was altered or damaged after sealing; "
        + "do not trust the file and seal it again"

    static func payloadMessage(chunk: Int) -> String {
        "the age file's payload fails authentication in chunk \(chunk): the file was altered, truncated or "
            + "damaged after sealing; do not trust it and seal it again"
    }

    /// A sealed file, its identity and the offset where its payload starts.
    struct Sealed {
        var identity: AgeIdentity
        var plaintext: [UInt8]
        var file: [UInt8]
        var payloadStart: Int
        var macStart: Int

        init(size: Int) throws {
            let identity = try AgeIdentity()
            let plaintext = sampleBytes(count: size, seed: 3)
            let file = try AgeEncryptor.seal(plaintext, to: [identity.recipient])
            let marker = Array("\n--- ".utf8)
            let index = try #require(
                (0..<file.count).first { file[$0...].starts(with: marker) }, "the sealed file has a MAC line")
            (self.identity, self.plaintext, self.file) = (identity, plaintext, file)
            macStart = index + marker.count
            payloadStart = macStart + 43 + 1
        }

        func openError(_ altered: [UInt8]) -> String? {
            let error = #expect(throws: AgeError.self) {
                try AgeDecryptor.open(altered, identity: identity)
            }
            if let error {
                #expect(!error.description.contains(String(decoding: plaintext.prefix(8), as: UTF8.self)))
            }
            return error?.description
        }
    }

    @Test("a changed header MAC is reported as an altered header")
    func changedMAC() throws {
        let sealed = try Sealed(size: 10)
        var altered = sealed.file
        altered[sealed.macStart] = altered[sealed.macStart] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(sealed.openError(altered) == Self.headerMessage)
    }

    @Test("a stanza slipped into the header is reported as an altered header")
    func addedStanza() throws {
        let sealed = try Sealed(size: 10)
        let macLine = sealed.macStart - 4
        let altered = Array(sealed.file[..<macLine]) + Array("-> extra stanza\n\n".utf8) + sealed.file[macLine...]
        #expect(sealed.openError(altered) == Self.headerMessage)
    }

    @Test("a flipped payload byte is reported with the chunk it is in")
    func flippedPayload() throws {
        let sealed = try Sealed(size: 65537)
        for (offset, chunk) in [(16, 1), (16 + 65536 + 16, 2), (sealed.file.count - 1 - sealed.payloadStart, 2)] {
            var altered = sealed.file
            altered[sealed.payloadStart + offset] ^= 0x01
            #expect(sealed.openError(altered) == Self.payloadMessage(chunk: chunk))
        }
        var nonce = sealed.file
        nonce[sealed.payloadStart] ^= 0x80
        #expect(sealed.openError(nonce) == Self.payloadMessage(chunk: 1))
    }

    @Test("a payload cut at a chunk boundary or extended is detected")
    func truncatedOrExtended() throws {
        let sealed = try Sealed(size: 65537)
        // Without its last chunk, the first chunk is not marked last.
        #expect(sealed.openError(Array(sealed.file.dropLast(17))) == Self.payloadMessage(chunk: 1))
        #expect(sealed.openError(sealed.file + [0]) == Self.payloadMessage(chunk: 2))
        let small = try Sealed(size: 1)
        #expect(small.openError(Array(small.file.dropLast())) == Self.payloadMessage(chunk: 1))
    }

    @Test("a payload with an empty chunk after a full one is rejected before decrypting")
    func emptyLastChunk() throws {
        let sealed = try Sealed(size: 65536)
        #expect(
            sealed.openError(sealed.file + [UInt8](repeating: 0, count: 16))
                == "not an age file this reader can open: the payload ends with an empty chunk, which age never writes")
    }

    @Test("a payload shorter than its nonce and one chunk is reported as truncated")
    func truncatedPayload() throws {
        let sealed = try Sealed(size: 0)
        #expect(
            sealed.openError(Array(sealed.file[..<(sealed.payloadStart + 16)]))
                == "not an age file this reader can open: the payload is truncated before its first chunk")
    }

    static let share = String(repeating: "A", count: 43)
    static let mac = String(repeating: "A", count: 43)

    /// Malformed files and the exact problem each is reported with.
    static let malformed: [(String, String)] = [
        ("", "it does not start with the line \"age-encryption.org/v1\""),
        ("age-encryption.org/v2\n", "it does not start with the line \"age-encryption.org/v1\""),
        (
            "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
            "it is ASCII-armored; this reader takes binary age files, so seal without armor"
        ),
        ("age-encryption.org/v1\n", "the header ends before its closing \"---\" line"),
        ("age-encryption.org/v1\n--- \(mac)\n", "the header holds no recipient stanza"),
        (
            "age-encryption.org/v1\nhello\n",
            "line 2 of the header is neither a stanza (\"-> \") nor the closing \"--- \" line"
        ),
        ("age-encryption.org/v1\n->  X25519\n\n", "line 2: a stanza argument is empty or not printable ASCII"),
        ("age-encryption.org/v1\n-> X25519 \(share)\n", "the header ends inside a stanza body"),
        (
            "age-encryption.org/v1\n-> X25519 \(share)\n\(String(repeating: "A", count: 65))\n",
            "line 3: a stanza body line is longer than 64 characters"
        ),
        ("age-encryption.org/v1\n-> X25519 \(share)\nAB=\n", "line 3: a stanza body is not canonical unpadded base64"),
        ("age-encryption.org/v1\n-> X25519 \(share)\nAB\n", "line 3: a stanza body is not canonical unpadded base64"),
        ("age-encryption.org/v1\n-> X25519 \(share)\n\n--- AAAA\n", "line 4: the header MAC is not 32 bytes of base64"),
        (
            "age-encryption.org/v1\n-> X25519 \(share) extra\n\(share)\n--- \(mac)\n",
            "an X25519 stanza has 2 arguments instead of 1"
        ),
        (
            "age-encryption.org/v1\n-> X25519 AAAA\n\(share)\n--- \(mac)\n",
            "an X25519 stanza's share is not 32 bytes of base64"
        ),
        (
            "age-encryption.org/v1\n-> X25519 \(share)\nAAAA\n--- \(mac)\n",
            "an X25519 stanza's body holds 3 bytes instead of 32"
        ),
        (
            "age-encryption.org/v1\n-> X25519 \(share)\n\(share)\n--- \(mac)\n",
            "an X25519 stanza's share is a point of small order"
        ),
    ]

    @Test("a malformed file is rejected with the line and the problem", arguments: malformed)
    func malformedFile(text: String, problem: String) throws {
        let identity = try AgeIdentity()
        let error = #expect(throws: AgeError.self) {
            try AgeDecryptor.open(Array(text.utf8), identity: identity)
        }
        #expect(error?.description == "not an age file this reader can open: " + problem)
    }

    @Test("a body line of exactly 64 columns continues the body, which must end with a shorter line")
    func fullWidthBodyLine() throws {
        let sealed = try Sealed(size: 5)
        let versionLine = Array("age-encryption.org/v1\n".utf8)
        let rest = Array(sealed.file[versionLine.count...])
        // A 48-byte body encodes to exactly 64 characters, so an empty line must end it.
        let fullLine = String(repeating: "A", count: 64)
        let withEmptyLine = versionLine + Array("-> other\n\(fullLine)\n\n".utf8) + rest
        #expect(sealed.openError(withEmptyLine) == Self.headerMessage)
        let withoutEmptyLine = versionLine + Array("-> other\n\(fullLine)\n".utf8) + rest
        #expect(
            sealed.openError(withoutEmptyLine)
                == "not an age file this reader can open: line 4: a stanza body is not canonical unpadded base64")
    }

    @Test("stanzas of other types are skipped, so a file only for them matches no identity")
    func otherStanzaTypes() throws {
        let identity = try AgeIdentity()
        let file = "age-encryption.org/v1\n-> scrypt c2FsdA 18\n\(Self.share)\n--- \(Self.mac)\n"
        let error = #expect(throws: AgeError.self) {
            try AgeDecryptor.open(Array(file.utf8), identity: identity)
        }
        #expect(
            error?.description
                == "the age file is not sealed for \(identity.recipient): none of its 0 X25519 recipient stanzas "
                + "opens with this identity; use an identity it was sealed for")
    }
}
