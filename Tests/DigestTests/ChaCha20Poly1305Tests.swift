import Digest
import Testing

@Suite("ChaCha20-Poly1305")
struct ChaCha20Poly1305Tests {
    static let key = Array(UInt8(0x80)...UInt8(0x9f))
    static let nonce: [UInt8] = [0x07, 0x00, 0x00, 0x00, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]
    static let additionalData: [UInt8] = [0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7]
    static let plaintext = Array(
        ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
            + "sunscreen would be it.").utf8)
    static let ciphertext =
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
        + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
        + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
        + "3ff4def08e4b7a9de576d26586cec64b6116"
    static let tag = "1ae10b594f09e26a7e902ecbd0600691"

    @Test("sealing reproduces the AEAD example of RFC 8439 section 2.8.2")
    func sealVector() throws {
        let cipher = try ChaCha20Poly1305(key: Self.key)
        let sealed = try cipher.seal(Self.plaintext, nonce: Self.nonce, authenticating: Self.additionalData)
        #expect(Hex.encoded(sealed) == Self.ciphertext + Self.tag)
    }

    @Test("opening the RFC 8439 example returns the plaintext")
    func openVector() throws {
        let cipher = try ChaCha20Poly1305(key: Self.key)
        let opened = try cipher.open(
            bytes(hex: Self.ciphertext + Self.tag), nonce: Self.nonce, authenticating: Self.additionalData)
        #expect(opened == Self.plaintext)
    }

    @Test("a flipped bit, other additional data, another nonce or a short input fail to open")
    func rejectsForgeries() throws {
        let cipher = try ChaCha20Poly1305(key: Self.key)
        let sealed = bytes(hex: Self.ciphertext + Self.tag)
        for index in [0, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 0x01
            #expect(try cipher.open(altered, nonce: Self.nonce, authenticating: Self.additionalData) == nil)
        }
        #expect(try cipher.open(sealed, nonce: Self.nonce) == nil)
        var otherNonce = Self.nonce
        otherNonce[11] ^= 0x01
        #expect(try cipher.open(sealed, nonce: otherNonce, authenticating: Self.additionalData) == nil)
        #expect(try cipher.open(sealed.prefix(15), nonce: Self.nonce) == nil)
        // The instance still works after failures.
        #expect(try cipher.open(sealed, nonce: Self.nonce, authenticating: Self.additionalData) == Self.plaintext)
    }

    @Test("an empty message seals to a bare tag and opens to an empty message")
    func emptyMessage() throws {
        let cipher = try ChaCha20Poly1305(key: [UInt8](repeating: 7, count: 32))
        let nonce = [UInt8](repeating: 0, count: 12)
        let sealed = try cipher.seal([UInt8](), nonce: nonce)
        #expect(sealed.count == ChaCha20Poly1305.tagByteCount)
        #expect(try cipher.open(sealed, nonce: nonce) == [])
        #expect(try cipher.open(sealed.prefix(16), nonce: [UInt8](repeating: 1, count: 12)) == nil)
    }

    @Test("one instance alternates sealing and opening under different nonces")
    func reuse() throws {
        let cipher = try ChaCha20Poly1305(key: [UInt8](repeating: 9, count: 32))
        let first = try cipher.seal(Array("first".utf8), nonce: [UInt8](repeating: 1, count: 12))
        let second = try cipher.seal(Array("second".utf8), nonce: [UInt8](repeating: 2, count: 12))
        #expect(try cipher.open(first, nonce: [UInt8](repeating: 1, count: 12)) == Array("first".utf8))
        #expect(try cipher.open(second, nonce: [UInt8](repeating: 2, count: 12)) == Array("second".utf8))
        #expect(try cipher.open(second, nonce: [UInt8](repeating: 1, count: 12)) == nil)
    }
}
