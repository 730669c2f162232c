/// Decodes hex digits (whitespace ignored) into bytes, for writing test vectors as the RFCs print them.
func bytes(hex: String) -> [UInt8] {
    let digits = hex.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits in a test vector")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
            preconditionFailure("not a hex byte in a test vector: \(digits[index...index + 1])")
        }
        return byte
    }
}
