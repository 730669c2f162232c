extension JSONValue {
    /// How `text(_:)` lays out JSON.
    public enum Layout: Sendable {
        /// No whitespace at all outside strings: `{"a":[1,2]}`.
        case compact
        /// Two-space indentation, one member or element per line, `"key": value`; an empty array or
        /// object stays `[]` or `{}`. No newline after the last line.
        case pretty
    }

    /// The value as JSON text, in the given layout.
    ///
    /// The output is a pure function of the value: equal values give byte-identical text. Members
    /// keep their order and numbers their text. In strings, `"`, `\` and the control characters
    /// U+0000–U+001F are escaped (`\b \f \n \r \t`, otherwise `\u00XX` with lower-case hex);
    /// every other character, `/` and non-ASCII included, is written as is.
    public func text(_ layout: Layout) -> String {
        var buffer: [UInt8] = []
        write(to: &buffer, layout: layout, indent: 0)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the value as JSON text to `buffer`; `indent` is the current depth for `.pretty`.
    package func write(to buffer: inout [UInt8], layout: Layout, indent: Int) {
        switch self {
        case .null:
            buffer.append(contentsOf: "null".utf8)
        case .bool(let flag):
            buffer.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            buffer.append(contentsOf: number.text.utf8)
        case .string(let text):
            JSONValue.writeQuoted(text, to: &buffer)
        case .array(let elements):
            guard !elements.isEmpty else {
                buffer.append(contentsOf: "[]".utf8)
                return
            }
            buffer.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                JSONValue.breakLine(&buffer, layout: layout, indent: indent + 1)
                element.write(to: &buffer, layout: layout, indent: indent + 1)
            }
            JSONValue.breakLine(&buffer, layout: layout, indent: indent)
            buffer.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                buffer.append(contentsOf: "{}".utf8)
                return
            }
            buffer.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                JSONValue.breakLine(&buffer, layout: layout, indent: indent + 1)
                JSONValue.writeQuoted(member.key, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                if layout == .pretty { buffer.append(UInt8(ascii: " ")) }
                member.value.write(to: &buffer, layout: layout, indent: indent + 1)
            }
            JSONValue.breakLine(&buffer, layout: layout, indent: indent)
            buffer.append(UInt8(ascii: "}"))
        }
    }

    private static func breakLine(_ buffer: inout [UInt8], layout: Layout, indent: Int) {
        guard layout == .pretty else { return }
        buffer.append(0x0A)
        appendSpaces(indent * 2, to: &buffer)
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Appends `count` spaces.
    package static func appendSpaces(_ count: Int, to buffer: inout [UInt8]) {
        var remaining = count
        while remaining > 0 {
            let chunk = min(remaining, spaces.count)
            buffer.append(contentsOf: spaces[0..<chunk])
            remaining -= chunk
        }
    }

    /// Appends `text` as a JSON string literal, quotes included.
    package static func writeQuoted(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        // Runs of bytes that need no escape are copied in one go; this is the hot loop of
        // `render` output for many channels.
        text.withUTF8 { bytes in
            var runStart = 0
            for position in 0..<bytes.count {
                let byte = bytes[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                appendEscaped(byte, to: &buffer)
                runStart = position + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends one UTF-8 byte of a string's content, escaped as a JSON string needs it.
    package static func appendEscaped(_ byte: UInt8, to buffer: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
        case 0x08: buffer.append(contentsOf: #"\b"#.utf8)
        case 0x0C: buffer.append(contentsOf: #"\f"#.utf8)
        case 0x0A: buffer.append(contentsOf: #"\n"#.utf8)
        case 0x0D: buffer.append(contentsOf: #"\r"#.utf8)
        case 0x09: buffer.append(contentsOf: #"\t"#.utf8)
        case 0x00..<0x20: appendUnicodeEscape(UInt32(byte), to: &buffer)
        default: buffer.append(byte)
        }
    }

    /// Appends `\uXXXX` with four lower-case hexadecimal digits; `value` must be below 0x10000.
    package static func appendUnicodeEscape(_ value: UInt32, to buffer: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        buffer.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            buffer.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
