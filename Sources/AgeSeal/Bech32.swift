import Digest

/// Bech32 text (BIP 173) without its 90-character limit, as age writes its keys.
///
/// A string is a human-readable part, the separator `1` (the last one in the string), and data
/// characters ending in a six-character checksum. It is all lower-case or all upper-case; the
/// checksum covers the lower-case form. Values here are not secret-aware beyond wiping the
/// intermediate groups they create.
package enum Bech32 {
    /// The 32 data characters; a character's position is its 5-bit value.
    static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// The number of checksum characters at the end of every string.
    static let checksumCount = 6

    /// Returns the lower-case Bech32 string for `humanReadablePart` and `bytes`.
    ///
    /// `humanReadablePart` must be 1 or more ASCII characters from `!` to `~`, lower-case;
    /// anything else is a programming error.
    package static func encoded(humanReadablePart: String, bytes: [UInt8]) -> String {
        var groups = regrouped(bytes, from: 8, to: 5)
        let text = encoded(humanReadablePart: humanReadablePart, groups: groups)
        wipe(&groups)
        return text
    }

    /// Returns the lower-case Bech32 string for `humanReadablePart` and 5-bit `groups`.
    ///
    /// The prefix rules of `encoded(humanReadablePart:bytes:)` apply; every group must be
    /// below 32.
    package static func encoded(humanReadablePart: String, groups: [UInt8]) -> String {
        let prefix = Array(humanReadablePart.utf8)
        precondition(
            !prefix.isEmpty && prefix.allSatisfy { (33...126).contains($0) && !(65...90).contains($0) },
            "Bech32 human-readable part must be lower-case printable ASCII: \(humanReadablePart)")
        precondition(groups.allSatisfy { $0 < 32 }, "Bech32 groups must be 5-bit values")
        let checksum = Self.checksum(prefix: prefix, groups: groups)
        var text = prefix + [UInt8(ascii: "1")]
        text.reserveCapacity(text.count + groups.count + checksum.count)
        for group in groups {
            text.append(alphabet[Int(group)])
        }
        for group in checksum {
            text.append(alphabet[Int(group)])
        }
        let result = String(decoding: text, as: UTF8.self)
        wipe(&text)
        return result
    }

    /// Decodes `text` into its lower-case human-readable part and the bytes it carries.
    ///
    /// - Throws: `Bech32Error` naming the first problem found: mixed case, a missing separator
    ///   or prefix, a character outside the alphabet, a short or wrong checksum, or data whose
    ///   bits do not make whole bytes.
    package static func decoded(_ text: String) throws(Bech32Error) -> (humanReadablePart: String, bytes: [UInt8]) {
        var (prefix, groups) = try decodedGroups(text)
        do {
            let bytes = try bytes(from: groups)
            wipe(&groups)
            return (prefix, bytes)
        } catch {
            wipe(&groups)
            throw error
        }
    }

    /// Decodes `text` into its lower-case human-readable part and its 5-bit data groups,
    /// checksum removed.
    ///
    /// - Throws: `Bech32Error` as `decoded(_:)` does, except for the whole-bytes check.
    package static func decodedGroups(_ text: String) throws(Bech32Error) -> (
        humanReadablePart: String, groups: [UInt8]
    ) {
        var characters = Array(text.utf8)
        let hasLower = characters.contains { (97...122).contains($0) }
        let hasUpper = characters.contains { (65...90).contains($0) }
        guard !(hasLower && hasUpper) else {
            wipe(&characters)
            throw .mixedCase
        }
        for index in characters.indices where (65...90).contains(characters[index]) {
            characters[index] += 32
        }
        guard let separator = characters.lastIndex(of: UInt8(ascii: "1")) else {
            wipe(&characters)
            throw .missingSeparator
        }
        let prefix = Array(characters[..<separator])
        guard !prefix.isEmpty else {
            wipe(&characters)
            throw .emptyHumanReadablePart
        }
        if let bad = prefix.firstIndex(where: { !(33...126).contains($0) }) {
            wipe(&characters)
            throw .invalidCharacter(position: bad + 1)
        }
        var groups = try groups(in: characters, after: separator)
        wipe(&characters)
        guard polymod(expanded(prefix), groups) == 1 else {
            wipe(&groups)
            throw .checksumMismatch
        }
        groups.removeLast(checksumCount)
        return (String(decoding: prefix, as: UTF8.self), groups)
    }

    /// Maps the data characters after `separator` to their 5-bit values, checksum included.
    private static func groups(in characters: [UInt8], after separator: Int) throws(Bech32Error) -> [UInt8] {
        var groups: [UInt8] = []
        groups.reserveCapacity(characters.count - separator)
        for index in (separator + 1)..<characters.count {
            guard let value = alphabet.firstIndex(of: characters[index]) else {
                wipe(&groups)
                throw .invalidCharacter(position: index + 1)
            }
            groups.append(UInt8(value))
        }
        guard groups.count >= checksumCount else {
            throw .checksumTooShort
        }
        return groups
    }

    /// Packs 5-bit groups into bytes; the at most four bits left over must be zero.
    private static func bytes(from groups: [UInt8]) throws(Bech32Error) -> [UInt8] {
        let leftover = groups.count * 5 % 8
        guard leftover < 5 else {
            throw .incompleteByte
        }
        var bytes = regrouped(groups, from: 5, to: 8)
        // The encoder pads the last group with zero bits; regrouping pads once more, so a whole
        // extra byte appears exactly when the groups carried leftover bits.
        if leftover > 0 {
            let last = groups[groups.count - 1]
            guard last & UInt8((1 << leftover) - 1) == 0 else {
                wipe(&bytes)
                throw .nonZeroPadding
            }
            bytes.removeLast()
        }
        return bytes
    }

    /// Regroups `values` of `width` bits into values of `targetWidth` bits, padding the last
    /// one with zero bits.
    private static func regrouped(_ values: [UInt8], from width: Int, to targetWidth: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity((values.count * width + targetWidth - 1) / targetWidth)
        var accumulator: UInt32 = 0
        var bitCount = 0
        let mask = UInt32((1 << targetWidth) - 1)
        for value in values {
            accumulator = (accumulator << width) | UInt32(value)
            bitCount += width
            while bitCount >= targetWidth {
                bitCount -= targetWidth
                result.append(UInt8((accumulator >> bitCount) & mask))
            }
        }
        if bitCount > 0 {
            result.append(UInt8((accumulator << (targetWidth - bitCount)) & mask))
        }
        accumulator = 0
        return result
    }

    /// The six checksum groups for `prefix` and `groups`.
    private static func checksum(prefix: [UInt8], groups: [UInt8]) -> [UInt8] {
        let value = polymod(expanded(prefix), groups, [UInt8](repeating: 0, count: checksumCount)) ^ 1
        return (0..<checksumCount).map { index in
            UInt8((value >> (5 * (checksumCount - 1 - index))) & 31)
        }
    }

    /// The human-readable part as the checksum sees it: high bits, a zero, then low bits.
    private static func expanded(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    /// BIP 173's checksum polynomial over the 5-bit values of `parts`, one after another.
    ///
    /// Taking the parts separately avoids concatenating secret groups into unwiped copies.
    private static func polymod(_ parts: [UInt8]...) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for part in parts {
            for value in part {
                checksum = step(checksum, value, generator)
            }
        }
        return checksum
    }

    /// One step of the checksum polynomial.
    private static func step(_ checksum: UInt32, _ value: UInt8, _ generator: [UInt32]) -> UInt32 {
        let top = checksum >> 25
        var next = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
        for (bit, term) in generator.enumerated() where (top >> bit) & 1 == 1 {
            next ^= term
        }
        return next
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        SecureMemory.wipe(&bytes)
    }
}

/// Why a string is not valid Bech32; the text never quotes the input, which may be secret.
package enum Bech32Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Upper- and lower-case letters appear together.
    case mixedCase
    /// No `1` separates the human-readable part from the data.
    case missingSeparator
    /// Nothing precedes the separator.
    case emptyHumanReadablePart
    /// The character at this 1-based position is not allowed there.
    case invalidCharacter(position: Int)
    /// Fewer than six characters follow the separator.
    case checksumTooShort
    /// The checksum does not match the rest of the string.
    case checksumMismatch
    /// The data ends in five or more bits that make no whole byte.
    case incompleteByte
    /// The bits padding the last byte are not zero.
    case nonZeroPadding

    /// The problem as a clause, for the key parsers to put into their messages.
    package var description: String {
        switch self {
        case .mixedCase:
            "it mixes upper-case and lower-case letters"
        case .missingSeparator:
            "it has no \"1\" separating the prefix from the data"
        case .emptyHumanReadablePart:
            "it has nothing before its \"1\" separator"
        case .invalidCharacter(let position):
            "character \(position) is not a Bech32 character"
        case .checksumTooShort:
            "it is too short to end in a 6-character checksum"
        case .checksumMismatch:
            "its checksum does not match, so a character is wrong, missing or swapped"
        case .incompleteByte, .nonZeroPadding:
            "its data does not decode to whole bytes"
        }
    }
}
