import Digest
import Testing

@Suite("Secure memory")
struct SecureMemoryTests {
    @Test("wipe zeroes every byte and keeps the length")
    func wipe() {
        var secret: [UInt8] = [1, 2, 3, 255]
        SecureMemory.wipe(&secret)
        #expect(secret == [0, 0, 0, 0])
        var empty: [UInt8] = []
        SecureMemory.wipe(&empty)
        #expect(empty.isEmpty)
    }

    @Test("constant-time comparison agrees with ==")
    func compare() {
        #expect(SecureMemory.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!SecureMemory.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!SecureMemory.constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(SecureMemory.constantTimeEquals([], []))
    }
}
