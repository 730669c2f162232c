extension ValidationRules {
    /// The days `rotateAfterDays` may hold: at least one, at most ten years.
    package static let rotateAfterDaysRange = 1...3650
    /// The days `rotationGraceDays` may hold: none, up to one year.
    package static let rotationGraceDaysRange = 0...365
    /// Secrets Manager's limit on a secret name.
    package static let maximumSecretNameLength = 512
    /// The characters after `age1` in an X25519 recipient: 32 bytes and a 6-character checksum.
    package static let recipientDataLength = 58

    private static let recipientRule =
        "an age recipient is 'age1' followed by 58 Bech32 characters in lower case, "
        + "as age-keygen prints for the public key"
    private static let secretNameRule =
        "a Secrets Manager secret name has 1 to 512 letters, digits and / _ + = . @ -"
    /// The characters of Bech32's data part.
    private static let bech32Characters = Set("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// Whether the text is an age secret key (`AGE-SECRET-KEY-1...`) in any case; such text
    /// must never be repeated in a message.
    package static func isAgeSecretKey<Text: StringProtocol>(_ text: Text) -> Bool {
        let prefix = "age-secret-key-"
        return text.utf8.count >= prefix.utf8.count
            && zip(text.utf8, prefix.utf8).allSatisfy { byte, expected in
                byte == expected || ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) && byte + 32 == expected)
            }
    }

    /// Checks the syntax of an age X25519 recipient: `age1` and 58 Bech32 characters, all in
    /// lower case.
    ///
    /// The checksum is not verified here; the reconciler parses each recipient fully before it
    /// creates a key. A secret key is refused without being quoted.
    package static func recipientProblem(_ text: String) -> String? {
        if isAgeSecretKey(text) {
            return "is an age secret key, which must never be written in a manifest: give its public key "
                + "(age-keygen -y prints it), and make a new identity, since this one is now exposed"
        }
        guard !text.isEmpty else {
            return "is empty; \(recipientRule)"
        }
        let shown = quoted(text)
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, String(decoding: bytes[0..<4], as: UTF8.self).lowercased() == "age1" else {
            return "\(shown) does not start with 'age1'; \(recipientRule)"
        }
        if bytes.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            return "\(shown) has upper-case letters; \(recipientRule)"
        }
        if let bad = firstDisallowed(text.dropFirst(4), { bech32Characters.contains($0) }) {
            return "\(shown) contains \(describe(bad)), which is not a Bech32 character; \(recipientRule)"
        }
        let dataLength = bytes.count - 4
        if dataLength != recipientDataLength {
            return "\(shown) has \(dataLength) characters after 'age1', not \(recipientDataLength); \(recipientRule)"
        }
        return nil
    }

    /// Checks a Secrets Manager secret name: 1–512 of ASCII letters, digits and `/_+=.@-`.
    package static func secretNameProblem(_ name: String) -> String? {
        guard !name.isEmpty else {
            return "is empty; \(secretNameRule)"
        }
        if let bad = firstDisallowed(name, isSecretNameByte) {
            return "'\(name)' contains \(describe(bad)); \(secretNameRule)"
        }
        if name.utf8.count > maximumSecretNameLength {
            return "is \(name.utf8.count) characters long; \(secretNameRule)"
        }
        return nil
    }

    /// Checks a number of days against its range; `written` is the number as the manifest
    /// spells it, so that a value too large for an `Int` is named as written.
    package static func dayCountProblem(_ days: Int?, written: String, range: ClosedRange<Int>) -> String? {
        if let days, range.contains(days) {
            return nil
        }
        return "is \(written); write a whole number of days from \(range.lowerBound) to \(range.upperBound)"
    }

    /// Checks that the grace period ends before the next rotation is due, so that a rotation
    /// never finds two active keys and must retire one early.
    package static func gracePeriodProblem(graceDays: Int, isDefault: Bool, rotateAfterDays: Int) -> String? {
        guard graceDays >= rotateAfterDays else {
            return nil
        }
        let grace = isDefault ? "\(graceDays) (the default)" : "\(graceDays)"
        return "is \(grace), not less than rotateAfterDays \(rotateAfterDays); the previous key must be "
            + "retired before the next rotation, so lower rotationGraceDays or raise rotateAfterDays"
    }

    private static func isSecretNameByte(_ byte: UInt8) -> Bool {
        if isAlphanumeric(byte) {
            return true
        }
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "."),
            UInt8(ascii: "@"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// The text in single quotes, cut short after 70 characters.
    private static func quoted(_ text: String) -> String {
        let limit = 70
        let scalars = text.unicodeScalars
        return scalars.count > limit ? "'\(String(scalars.prefix(limit)))…'" : "'\(text)'"
    }
}
