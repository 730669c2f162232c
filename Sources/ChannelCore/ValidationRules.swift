/// The rules that IAM and channelops put on single manifest values, checked without I/O.
///
/// Each `...Problem` function returns nil for a valid value, or the message of the first problem
/// found without the field's name, which the caller puts in front: `metadata.name` +
/// ` 'Bot' contains 'B'; ...`. The message says what is wrong and what is allowed. Checks walk
/// bytes and Unicode scalars, with no regular expressions, so that validating thousands of
/// manifests stays fast.
package enum ValidationRules {
    /// The longest `metadata.name`; with the `channelops-` prefix the policy name stays far below
    /// IAM's 128.
    package static let maximumChannelNameLength = 40
    /// IAM's limit on a user name.
    package static let maximumUserNameLength = 64
    /// IAM's limit on a managed policy's description, which a channel's description may become.
    package static let maximumDescriptionLength = 1000

    private static let channelNameRule =
        "a channel name has 1 to 40 lower-case letters, digits and '-', starting and ending with a letter or digit"
    private static let userNameRule = "an IAM user name has 1 to 64 letters, digits and + = , . @ _ -"
    private static let sidRule = "a statement id has only letters and digits"

    /// Checks `metadata.name`: 1–40 of `a-z`, `0-9` and `-`, starting and ending with a letter or
    /// digit.
    package static func channelNameProblem(_ name: String) -> String? {
        guard let first = name.utf8.first, let last = name.utf8.last else {
            return "is empty; \(channelNameRule)"
        }
        if let bad = firstDisallowed(name, { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
            return "'\(name)' contains \(describe(bad)); \(channelNameRule)"
        }
        if name.utf8.count > maximumChannelNameLength {
            return "is \(name.utf8.count) characters long; \(channelNameRule)"
        }
        if first == UInt8(ascii: "-") {
            return "'\(name)' starts with '-'; \(channelNameRule)"
        }
        if last == UInt8(ascii: "-") {
            return "'\(name)' ends with '-'; \(channelNameRule)"
        }
        return nil
    }

    /// Checks a consumer name against IAM's user name rule: 1–64 of `A-Z a-z 0-9 + = , . @ _ -`.
    package static func userNameProblem(_ name: String) -> String? {
        guard !name.isEmpty else {
            return "is empty; \(userNameRule)"
        }
        if let bad = firstDisallowed(name, isUserNameByte) {
            return "'\(name)' contains \(describe(bad)); \(userNameRule)"
        }
        if name.utf8.count > maximumUserNameLength {
            return "is \(name.utf8.count) characters long; \(userNameRule)"
        }
        return nil
    }

    /// Checks a statement id: one or more ASCII letters and digits.
    package static func sidProblem(_ sid: String) -> String? {
        guard !sid.isEmpty else {
            return "is empty; \(sidRule), or leave the field out"
        }
        if let bad = firstDisallowed(sid, isAlphanumeric) {
            return "'\(sid)' contains \(describe(bad)); \(sidRule)"
        }
        return nil
    }

    /// Checks a statement's effect, which IAM spells exactly `Allow` or `Deny`.
    package static func effectProblem(_ effect: String) -> String? {
        if Permission.Effect(rawValue: effect) != nil {
            return nil
        }
        let hint = Suggestion.nearest(to: effect, in: ["Allow", "Deny"]).map { "; did you mean '\($0)'?" } ?? ""
        return "must be Allow or Deny, found '\(effect)'\(hint)"
    }

    /// Checks the description's length, counted in Unicode characters as IAM counts it.
    package static func descriptionProblem(_ description: String) -> String? {
        let length = description.unicodeScalars.count
        guard length > maximumDescriptionLength else {
            return nil
        }
        return "is \(length) characters long; a description has at most \(maximumDescriptionLength)"
    }

    /// Names a character in a message so that it can be seen even when it is blank or invisible:
    /// `'#'`, `a space`, `'é' (U+00E9)` or `U+0009`.
    package static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == " " {
            return "a space"
        }
        if scalar.value > 0x20, scalar.value < 0x7F {
            return "'\(Character(scalar))'"
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return isVisible(scalar) ? "'\(Character(scalar))' (\(code))" : code
    }

    /// The first character of `text` that `isAllowed` rejects, checked byte by byte; every byte
    /// outside ASCII is rejected, so this suits rules that allow only ASCII characters.
    static func firstDisallowed<Text: StringProtocol>(_ text: Text, _ isAllowed: (UInt8) -> Bool) -> Unicode.Scalar? {
        guard let index = text.utf8.firstIndex(where: { $0 >= 0x80 || !isAllowed($0) }) else {
            return nil
        }
        // Every byte before `index` is ASCII, so `index` starts a character.
        return text.unicodeScalars[index]
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || isDigit(byte)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isUserNameByte(_ byte: UInt8) -> Bool {
        if isAlphanumeric(byte) {
            return true
        }
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "@"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator, .nonspacingMark, .enclosingMark, .spacingMark:
            return false
        default:
            return true
        }
    }
}
