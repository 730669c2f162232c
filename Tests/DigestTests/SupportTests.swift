import Digest
import Testing

@Suite("Hex, random bytes and OpenSSL errors")
struct SupportTests {
    @Test("hex encoding writes two lower-case digits per byte")
    func hex() {
        #expect(Hex.encoded([0x00, 0x01, 0x0f, 0x10, 0xab, 0xf0, 0xff]) == "00010f10abf0ff")
        #expect(Hex.encoded([UInt8]()) == "")
    }

    @Test("secure random returns the requested number of bytes, and differs between calls")
    func random() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try SecureRandom.bytes(count: 0) == [])
    }

    @Test("an OpenSSL failure names the function, OpenSSL's reason and where to look")
    func errorMessage() {
        let error = DigestError(
            function: "EVP_DigestUpdate", code: 0x0308_010C,
            reason: "error:0308010C:digital envelope routines::unsupported")
        #expect(
            error.description
                == "OpenSSL EVP_DigestUpdate failed: error:0308010C:digital envelope routines::unsupported; "
                + "check that libcrypto 3 and its default provider load (see OPENSSL_CONF and OPENSSL_MODULES)")
    }

    @Test("a real OpenSSL failure is caught at once with OpenSSL's own error text")
    func realFailure() throws {
        let error = try #require(throws: DigestError.self) {
            try MessageDigestAlgorithm(name: "NO-SUCH-DIGEST")
        }
        #expect(error.function == "EVP_MD_fetch")
        #expect(error.code != 0)
        #expect(error.reason.hasPrefix("error:"))
        #expect(error.reason.contains("unsupported"))
        let macError = try #require(throws: DigestError.self) {
            try MACAlgorithm(name: "NO-SUCH-MAC")
        }
        #expect(macError.function == "EVP_MAC_fetch")
        #expect(macError.reason.contains("unsupported"))
    }
}
