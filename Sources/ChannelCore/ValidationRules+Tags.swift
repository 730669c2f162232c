extension ValidationRules {
    /// How many tags `spec.tags` may hold: AWS allows 50 on a user or policy and channelops adds 2.
    package static let maximumTagCount = 48
    /// IAM's limit on a tag key, in Unicode characters.
    package static let maximumTagKeyLength = 128
    /// IAM's limit on a tag value, in Unicode characters.
    package static let maximumTagValueLength = 256

    private static let tagCharacterRule =
        "tag keys and values may hold only letters, digits, spaces and _ . : / = + - @"

    /// Checks the number of entries in `spec.tags`.
    package static func tagCountProblem(_ count: Int) -> String? {
        guard count > maximumTagCount else {
            return nil
        }
        return "has \(count) tags; the limit is \(maximumTagCount), "
            + "because AWS allows 50 tags per resource and channelops adds 2 of its own"
    }

    /// Checks a tag key: 1–128 characters that IAM accepts, not starting with `aws:` or
    /// `channelops:` in any case.
    package static func tagKeyProblem(_ key: String) -> String? {
        let length = key.unicodeScalars.count
        guard length > 0 else {
            return "has an empty key; a tag key has 1 to \(maximumTagKeyLength) characters"
        }
        if length > maximumTagKeyLength {
            return "has a key of \(length) characters; a tag key has 1 to \(maximumTagKeyLength) characters"
        }
        if let bad = key.unicodeScalars.first(where: { !isTagScalar($0) }) {
            return "key '\(key)' contains \(describe(bad)); \(tagCharacterRule)"
        }
        if hasPrefixIgnoringASCIICase(key, "aws:") {
            return "key '\(key)' starts with 'aws:', which AWS reserves for its own tags; choose another key"
        }
        if hasPrefixIgnoringASCIICase(key, "channelops:") {
            return "key '\(key)' starts with 'channelops:', which channelops reserves for the tags "
                + "it adds; choose another key"
        }
        return nil
    }

    /// Checks a tag value: 0–256 characters that IAM accepts.
    package static func tagValueProblem(_ value: String) -> String? {
        let length = value.unicodeScalars.count
        if length > maximumTagValueLength {
            return "is \(length) characters long; a tag value has 0 to \(maximumTagValueLength) characters"
        }
        if let bad = value.unicodeScalars.first(where: { !isTagScalar($0) }) {
            return "contains \(describe(bad)); \(tagCharacterRule)"
        }
        return nil
    }

    /// Whether IAM accepts the character in a tag: a letter, number or separator in any script, or
    /// one of `_ . : / = + - @`.
    static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", " ", "_", ".", ":", "/", "=", "+", "-", "@":
                return true
            default:
                return false
            }
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }

    /// The text in lower case, for comparing names and tag keys without case as IAM does.
    ///
    /// Text that is ASCII without upper-case letters, as valid names are, is returned as is.
    package static func foldedCase(_ text: String) -> String {
        let isFolded = text.utf8.allSatisfy { $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        return isFolded ? text : text.lowercased()
    }

    private static func hasPrefixIgnoringASCIICase(_ text: String, _ prefix: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count >= prefix.utf8.count else {
            return false
        }
        return zip(bytes, prefix.utf8).allSatisfy { byte, expected in
            byte == expected || ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) && byte + 32 == expected)
        }
    }
}
