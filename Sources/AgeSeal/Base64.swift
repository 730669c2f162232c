/// Standard base64 (RFC 4648 section 4) without padding, canonical only, as age writes it.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The 6-bit value of each ASCII character, or 0xFF for characters outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Returns the unpadded base64 text of `bytes` as ASCII bytes.
    static func encoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                text.append(alphabet[Int((accumulator >> bitCount) & 63)])
            }
        }
        if bitCount > 0 {
            text.append(alphabet[Int((accumulator << (6 - bitCount)) & 63)])
        }
        return text
    }

    /// Decodes unpadded, canonical base64; `nil` for padding, characters outside the alphabet,
    /// an impossible length, or non-zero bits after the last byte.
    static func decoded(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else {
            return nil
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for character in text {
            let value = values[Int(character)]
            guard value != 0xFF else {
                return nil
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8((accumulator >> bitCount) & 0xFF))
            }
        }
        // Canonical encoders leave the bits below the last whole byte at zero.
        guard accumulator & ((1 << bitCount) - 1) == 0 else {
            return nil
        }
        return bytes
    }
}
