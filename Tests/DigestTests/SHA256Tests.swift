import Digest
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-2 appendix B examples plus the digest of the empty message.
    static let vectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ]

    @Test("one-shot hashing matches the published digests", arguments: vectors)
    func oneShot(message: String, digest: String) throws {
        #expect(Hex.encoded(try SHA256.hash(message)) == digest)
        #expect(Hex.encoded(try SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test("incremental hashing byte by byte matches the published digests", arguments: vectors)
    func incremental(message: String, digest: String) throws {
        let hasher = try SHA256()
        for byte in message.utf8 {
            try hasher.update([byte])
        }
        #expect(Hex.encoded(try hasher.finalize()) == digest)
    }

    @Test("a million 'a' fed in uneven chunks gives the FIPS 180-2 digest")
    func millionA() throws {
        let hasher = try SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var remaining = 1_000_000
        while remaining > 0 {
            let size = min(remaining, chunk.count)
            try hasher.update(chunk[..<size])
            remaining -= size
        }
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(Hex.encoded(try hasher.finalize()) == expected)
    }

    @Test("finalize starts a fresh message, so a hasher can be reused")
    func finalizeResets() throws {
        let hasher = try SHA256()
        try hasher.update("abc")
        let first = try hasher.finalize()
        #expect(Hex.encoded(try hasher.finalize()) == Self.vectors[0].digest)
        try hasher.update("abc")
        #expect(try hasher.finalize() == first)
    }

    @Test("a sequence without contiguous storage hashes like the same bytes in an array")
    func nonContiguousInput() throws {
        let lazyBytes = "abc".utf8.lazy.map { $0 }
        #expect(try SHA256.hash(lazyBytes) == SHA256.hash(Array("abc".utf8)))
        #expect(try SHA256.hash(lazyBytes).count == SHA256.byteCount)
    }
}
