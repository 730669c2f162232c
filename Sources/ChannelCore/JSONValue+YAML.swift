extension JSONValue {
    /// The value as a YAML block document that a YAML 1.1 or 1.2 reader loads back to the same
    /// strings, lists and maps.
    ///
    /// Layout: two-space indentation; maps as `key: value` lines in member order; lists as
    /// `- item` lines indented under their key; an empty list or map as `[]` or `{}`; a final
    /// newline. A string is written plain only when no YAML reader can take it for anything else:
    /// it starts with an ASCII letter or `/`, holds only ASCII letters, digits and `_./:@+=*-`,
    /// does not end with `:`, and is not a YAML 1.1 boolean or null word (`yes`, `No`, `on`, `OFF`,
    /// `y`, `null`, …, in any case). Every other string is double-quoted with JSON-style escapes,
    /// plus `\uXXXX` escapes for the characters YAML does not allow raw (U+007F–U+009F,
    /// U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF).
    ///
    /// Limitation: a map key longer than 1,024 characters is written as an implicit key, which
    /// YAML readers reject; the keys channelops renders are far shorter. Numbers are written as
    /// their JSON text, which a YAML 1.1 reader may load as a string (`1e3`).
    public func yamlText() -> String {
        var buffer: [UInt8] = []
        switch self {
        case .array(let elements) where !elements.isEmpty:
            JSONValue.writeYAMLSequence(elements, to: &buffer, indent: 0, continuing: false)
        case .object(let members) where !members.isEmpty:
            JSONValue.writeYAMLMapping(members, to: &buffer, indent: 0, continuing: false)
        default:
            writeYAMLScalar(to: &buffer)
            buffer.append(0x0A)
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Writes the members as `key: value` lines at `indent` spaces; when `continuing`, the first
    /// line's indentation is already written (the map is an item of a list).
    private static func writeYAMLMapping(
        _ members: [Member],
        to buffer: inout [UInt8],
        indent: Int,
        continuing: Bool
    ) {
        for (position, member) in members.enumerated() {
            if position > 0 || !continuing {
                appendSpaces(indent, to: &buffer)
            }
            writeYAMLString(member.key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            switch member.value {
            case .object(let nested) where !nested.isEmpty:
                buffer.append(0x0A)
                writeYAMLMapping(nested, to: &buffer, indent: indent + 2, continuing: false)
            case .array(let nested) where !nested.isEmpty:
                buffer.append(0x0A)
                writeYAMLSequence(nested, to: &buffer, indent: indent + 2, continuing: false)
            default:
                buffer.append(UInt8(ascii: " "))
                member.value.writeYAMLScalar(to: &buffer)
                buffer.append(0x0A)
            }
        }
    }

    /// Writes the elements as `- item` lines at `indent` spaces; `continuing` as for maps.
    private static func writeYAMLSequence(
        _ elements: [JSONValue],
        to buffer: inout [UInt8],
        indent: Int,
        continuing: Bool
    ) {
        for (position, element) in elements.enumerated() {
            if position > 0 || !continuing {
                appendSpaces(indent, to: &buffer)
            }
            buffer.append(contentsOf: "- ".utf8)
            switch element {
            case .object(let nested) where !nested.isEmpty:
                writeYAMLMapping(nested, to: &buffer, indent: indent + 2, continuing: true)
            case .array(let nested) where !nested.isEmpty:
                writeYAMLSequence(nested, to: &buffer, indent: indent + 2, continuing: true)
            default:
                element.writeYAMLScalar(to: &buffer)
                buffer.append(0x0A)
            }
        }
    }

    /// Writes a scalar, or an empty list or map in flow form.
    private func writeYAMLScalar(to buffer: inout [UInt8]) {
        switch self {
        case .string(let text):
            JSONValue.writeYAMLString(text, to: &buffer)
        case .array:
            buffer.append(contentsOf: "[]".utf8)
        case .object:
            buffer.append(contentsOf: "{}".utf8)
        case .null, .bool, .number:
            write(to: &buffer, layout: .compact, indent: 0)
        }
    }

    private static func writeYAMLString(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        let isPlain = text.withUTF8 { bytes in
            guard isPlainSafe(bytes) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
        if isPlain { return }
        guard text.utf8.contains(where: { $0 >= 0x7F }) else {
            writeQuoted(text, to: &buffer)
            return
        }
        // Characters YAML does not allow raw are escaped; the rest goes through the JSON escaper,
        // whose escapes YAML's double-quoted style shares.
        buffer.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF:
                appendUnicodeEscape(scalar.value, to: &buffer)
            case 0x00..<0x80:
                appendEscaped(UInt8(scalar.value), to: &buffer)
            default:
                buffer.append(contentsOf: String(scalar).utf8)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// The YAML 1.1 boolean and null words, in lower case; they are recognised in any case.
    private static let reservedWords: [[UInt8]] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
        .map { Array($0.utf8) }

    private static func isPlainSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard isASCIILetter(first) || first == UInt8(ascii: "/"), last != UInt8(ascii: ":") else {
            return false
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
                UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "*"),
                UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return !isReservedWord(bytes)
    }

    /// Whether the bytes spell a reserved word in any case.
    ///
    /// Setting bit 0x20 lower-cases an ASCII letter and turns no other byte into a lower-case
    /// letter, so comparing with the bit set matches exactly the case variants.
    private static func isReservedWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 5 else { return false }
        return reservedWords.contains { word in
            word.count == bytes.count && zip(word, bytes).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
