import Digest
import Testing

/// One RFC 5869 appendix A test case for SHA-256.
struct HKDFVector: Sendable, CustomTestStringConvertible {
    var name: String
    var inputKeyMaterial: [UInt8]
    var salt: [UInt8]
    var info: [UInt8]
    var output: String

    var testDescription: String { name }
}

@Suite("HKDF-SHA256")
struct HKDFSHA256Tests {
    static let rfc5869: [HKDFVector] = [
        HKDFVector(
            name: "RFC 5869 A.1, basic",
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22),
            salt: Array(0x00...0x0c),
            info: Array(0xf0...0xf9),
            output: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        ),
        HKDFVector(
            name: "RFC 5869 A.2, longer inputs and output",
            inputKeyMaterial: Array(0x00...0x4f),
            salt: Array(0x60...0xaf),
            info: Array(0xb0...0xff),
            output: "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"
        ),
        HKDFVector(
            name: "RFC 5869 A.3, empty salt and info",
            inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22),
            salt: [],
            info: [],
            output: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        ),
    ]

    @Test("derived keys match RFC 5869", arguments: rfc5869)
    func rfcVector(vector: HKDFVector) throws {
        let key = try HKDFSHA256.derivedKey(
            inputKeyMaterial: vector.inputKeyMaterial, salt: vector.salt, info: vector.info,
            byteCount: vector.output.count / 2)
        #expect(Hex.encoded(key) == vector.output)
    }

    @Test("an empty salt equals 32 zero bytes, as RFC 5869 defines it")
    func emptySaltIsZeroSalt() throws {
        let ikm = Array("input".utf8)
        let empty = try HKDFSHA256.derivedKey(inputKeyMaterial: ikm, salt: [UInt8](), info: "i".utf8, byteCount: 32)
        let zeros = try HKDFSHA256.derivedKey(
            inputKeyMaterial: ikm, salt: [UInt8](repeating: 0, count: 32), info: "i".utf8, byteCount: 32)
        #expect(empty == zeros)
        #expect(try HKDFSHA256.derivedKey(inputKeyMaterial: ikm, salt: [1], info: "i".utf8, byteCount: 32) != empty)
    }
}
