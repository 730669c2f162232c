import Digest
import Testing

/// One RFC 7748 section 5.2 scalar multiplication.
struct X25519Vector: Sendable, CustomTestStringConvertible {
    var name: String
    var scalar: String
    var uCoordinate: String
    var output: String

    var testDescription: String { name }
}

@Suite("X25519")
struct X25519Tests {
    static let rfc7748: [X25519Vector] = [
        X25519Vector(
            name: "RFC 7748 section 5.2, first vector",
            scalar: "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            uCoordinate: "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            output: "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"
        ),
        X25519Vector(
            name: "RFC 7748 section 5.2, second vector",
            scalar: "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            uCoordinate: "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            output: "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"
        ),
    ]

    @Test("scalar multiplication matches RFC 7748", arguments: rfc7748)
    func scalarMultiplication(vector: X25519Vector) throws {
        let key = try X25519PrivateKey(rawRepresentation: bytes(hex: vector.scalar))
        let output = try #require(try key.sharedSecret(with: bytes(hex: vector.uCoordinate)))
        #expect(Hex.encoded(output) == vector.output)
    }

    @Test("the Diffie-Hellman example of RFC 7748 section 6.1 gives both sides the same secret")
    func diffieHellman() throws {
        let alice = try X25519PrivateKey(
            rawRepresentation: bytes(hex: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = try X25519PrivateKey(
            rawRepresentation: bytes(hex: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        #expect(Hex.encoded(alice.publicKey) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(Hex.encoded(bob.publicKey) == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        #expect(try alice.sharedSecret(with: bob.publicKey).map(Hex.encoded) == shared)
        #expect(try bob.sharedSecret(with: alice.publicKey).map(Hex.encoded) == shared)
    }

    @Test("a generated key exports the bytes that re-create it, and two generated keys differ")
    func generate() throws {
        let key = try X25519PrivateKey()
        let again = try X25519PrivateKey(rawRepresentation: try key.rawRepresentation())
        #expect(again.publicKey == key.publicKey)
        #expect(try key.rawRepresentation().count == X25519PrivateKey.byteCount)
        #expect(try X25519PrivateKey().publicKey != key.publicKey)
    }

    /// Points of small order: zero, one, and a point of order 8; each forces an all-zero secret.
    static let smallOrderPoints = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    ]

    @Test("a peer key of small order yields no shared secret (contributory check)", arguments: smallOrderPoints)
    func smallOrder(point: String) throws {
        let key = try X25519PrivateKey()
        #expect(try key.sharedSecret(with: bytes(hex: point)) == nil)
    }

    @Test("the description and mirror show the public key only")
    func redacted() throws {
        let raw = bytes(hex: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        let key = try X25519PrivateKey(rawRepresentation: raw)
        #expect(
            key.description == "X25519PrivateKey(public key "
                + "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a, private key redacted)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(Hex.encoded(raw)))
        #expect(Mirror(reflecting: key).children.isEmpty)
    }
}
