import Digest
import Testing

/// One RFC 4231 test case; `code` may be a prefix when the RFC truncates the output.
struct HMACVector: Sendable, CustomTestStringConvertible {
    var name: String
    var key: [UInt8]
    var message: [UInt8]
    var code: String

    var testDescription: String { name }
}

@Suite("HMAC-SHA256")
struct HMACSHA256Tests {
    static let rfc4231: [HMACVector] = [
        HMACVector(
            name: "RFC 4231 case 1",
            key: [UInt8](repeating: 0x0b, count: 20),
            message: Array("Hi There".utf8),
            code: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        HMACVector(
            name: "RFC 4231 case 2",
            key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            code: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        HMACVector(
            name: "RFC 4231 case 3",
            key: [UInt8](repeating: 0xaa, count: 20),
            message: [UInt8](repeating: 0xdd, count: 50),
            code: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        HMACVector(
            name: "RFC 4231 case 4",
            key: Array(1...25),
            message: [UInt8](repeating: 0xcd, count: 50),
            code: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        HMACVector(
            name: "RFC 4231 case 5 (truncated to 128 bits)",
            key: [UInt8](repeating: 0x0c, count: 20),
            message: Array("Test With Truncation".utf8),
            code: "a3b6167473100ee06e0c796c2955552b"
        ),
        HMACVector(
            name: "RFC 4231 case 6",
            key: [UInt8](repeating: 0xaa, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            code: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        HMACVector(
            name: "RFC 4231 case 7",
            key: [UInt8](repeating: 0xaa, count: 131),
            message: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            code: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test("one-shot HMAC matches RFC 4231", arguments: rfc4231)
    func oneShot(vector: HMACVector) throws {
        let code = try HMACSHA256.authenticationCode(for: vector.message, key: vector.key)
        #expect(code.count == HMACSHA256.byteCount)
        #expect(Hex.encoded(code).hasPrefix(vector.code))
    }

    @Test("HMAC fed in two pieces matches RFC 4231", arguments: rfc4231)
    func incremental(vector: HMACVector) throws {
        let mac = try HMACSHA256(key: vector.key)
        let middle = vector.message.count / 2
        try mac.update(vector.message[..<middle])
        try mac.update(vector.message[middle...])
        #expect(Hex.encoded(try mac.finalize()).hasPrefix(vector.code))
    }

    @Test("finalize keeps the key, so one instance authenticates several messages")
    func finalizeKeepsKey() throws {
        let mac = try HMACSHA256(key: Array("Jefe".utf8))
        try mac.update("unrelated message")
        _ = try mac.finalize()
        try mac.update("what do ya want for nothing?")
        #expect(Hex.encoded(try mac.finalize()) == Self.rfc4231[1].code)
    }

    @Test("an empty key and an empty message give the well-known code")
    func emptyKey() throws {
        let code = try HMACSHA256.authenticationCode(for: "", key: [UInt8]())
        #expect(Hex.encoded(code) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("the String and non-contiguous overloads agree with the byte-array form")
    func overloads() throws {
        let key = "Jefe".utf8.lazy.map { $0 }
        let code = try HMACSHA256.authenticationCode(for: "what do ya want for nothing?", key: key)
        #expect(Hex.encoded(code) == Self.rfc4231[1].code)
    }
}
