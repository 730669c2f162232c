/// A JSON text that could not be parsed, with the place where parsing stopped.
///
/// `line` and `column` count from 1; a line ends at a line feed and the column counts Unicode
/// scalars, so the place matches what an editor shows for the text. `offset` is the UTF-8 byte
/// offset of the same place.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, without the place; for example `expected ':' after an object key, found '1'`.
    public var message: String
    /// The line of the problem, from 1.
    public var line: Int
    /// The column of the problem in Unicode scalars, from 1.
    public var column: Int
    /// The UTF-8 byte offset of the problem, from 0.
    public var offset: Int

    /// Creates an error from its message and place.
    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts.
    ///
    /// The parser recurses once per level; the bound keeps hostile input from exhausting the
    /// stack. IAM policies nest four levels deep.
    public static let maximumNestingDepth = 512

    /// Parses JSON text strictly, as RFC 8259 defines it.
    ///
    /// Rejected, with the place named: anything after the value but whitespace, trailing commas,
    /// comments, single quotes, unescaped control characters in strings, unpaired surrogate
    /// escapes, leading zeros, `NaN`/`Infinity`, a byte order mark, duplicate keys in one object,
    /// and nesting deeper than `maximumNestingDepth`.
    ///
    /// - Throws: `JSONError` naming the line, column and problem.
    public init(parsing text: String) throws(JSONError) {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes that are known to be valid UTF-8.
struct JSONParser {
    /// The outcome of scanning a number: its length, or where and why it is malformed.
    enum NumberScan {
        case length(Int)
        case failure(offset: Int, message: String)
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error("unexpected \(found(at: index)) after the JSON value", at: index)
        }
        return value
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < bytes.count else {
            throw error("unexpected end of input; expected a value", at: index)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(found(at: index)); expected a value", at: index)
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterNesting()
        index += 1
        var members: [JSONValue.Member] = []
        var keys: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(found(at: index))", at: index)
            }
            let keyOffset = index
            let key = try parseString()
            guard keys.insert(key).inserted else {
                throw error("duplicate key '\(key)' in an object", at: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after an object key, found \(found(at: index))", at: index)
            }
            index += 1
            skipWhitespace()
            members.append(JSONValue.Member(key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else {
                throw error("expected ',' or '}' after an object member, found end of input", at: index)
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            }
            guard bytes[index] == UInt8(ascii: ",") else {
                throw error("expected ',' or '}' after an object member, found \(found(at: index))", at: index)
            }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                throw error("trailing comma before '}'", at: index)
            }
        }
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterNesting()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw error("expected ',' or ']' after an array element, found end of input", at: index)
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            guard bytes[index] == UInt8(ascii: ",") else {
                throw error("expected ',' or ']' after an array element, found \(found(at: index))", at: index)
            }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                throw error("trailing comma before ']'", at: index)
            }
        }
    }

    private mutating func enterNesting() throws(JSONError) {
        depth += 1
        if depth > JSONValue.maximumNestingDepth {
            throw error("arrays and objects nested deeper than \(JSONValue.maximumNestingDepth) levels", at: index)
        }
    }

    /// Parses a string starting at its opening quote and leaves `index` after the closing quote.
    private mutating func parseString() throws(JSONError) -> String {
        let openingQuote = index
        index += 1
        let start = index
        // Fast path: most strings have no escapes and can be taken from the input as they are.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw unescapedControl(byte) }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte < 0x20 { throw unescapedControl(byte) }
            if byte == UInt8(ascii: "\\") {
                try parseEscape(into: &buffer)
            } else {
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string; expected '\"' before the end of input", at: openingQuote)
    }

    private func unescapedControl(_ byte: UInt8) -> JSONError {
        error("unescaped control character \(scalarName(UInt32(byte))) in a string", at: index)
    }

    /// Decodes one backslash escape starting at `index` and appends its UTF-8 bytes.
    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else {
            throw error("unterminated string; expected '\"' before the end of input", at: escapeStart)
        }
        let simple: UInt8?
        switch bytes[index] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw error("invalid escape '\\\(foundCharacter(at: index))' in a string", at: escapeStart)
        }
        if let simple {
            buffer.append(simple)
            index += 1
            return
        }
        index += 1
        let unit = try parseHexQuad(escapeStart: escapeStart)
        let scalarValue: UInt32
        if (0xD800...0xDBFF).contains(unit) {
            // A high surrogate must be followed at once by an escaped low surrogate.
            let lowStart = index
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw unpairedSurrogate(unit, at: escapeStart) }
            index += 2
            let low = try parseHexQuad(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(unit, at: escapeStart) }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw unpairedSurrogate(unit, at: escapeStart)
        } else {
            scalarValue = unit
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw unpairedSurrogate(unit, at: escapeStart) }
        buffer.append(contentsOf: String(scalar).utf8)
    }

    private mutating func parseHexQuad(escapeStart: Int) throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw error("invalid '\\u' escape; expected four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func unpairedSurrogate(_ unit: UInt32, at offset: Int) -> JSONError {
        error("unpaired surrogate '\\u\(hex4(unit))' in a string", at: offset)
    }

    private mutating func parseLiteral(_ literal: String) throws(JSONError) {
        let start = index
        for expected in literal.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw error("invalid literal; expected '\(literal)'", at: start)
            }
            index += 1
        }
    }

    private mutating func parseNumber() throws(JSONError) -> JSONNumber {
        switch JSONParser.scanNumber(bytes, from: index) {
        case .length(let length):
            let text = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
            index += length
            return JSONNumber(validatedText: text)
        case .failure(let offset, let message):
            throw error(message, at: offset)
        }
    }

    /// Scans the JSON number that starts at `start`.
    static func scanNumber(_ bytes: [UInt8], from start: Int) -> NumberScan {
        func isDigit(_ position: Int) -> Bool {
            position < bytes.count && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
        }
        var index = start
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else {
            return .failure(offset: index, message: "invalid number; expected a digit")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) {
                return .failure(
                    offset: index, message: "invalid number; a leading zero must not be followed by a digit")
            }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else {
                return .failure(offset: index, message: "invalid number; expected a digit after '.'")
            }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(index) else {
                return .failure(offset: index, message: "invalid number; expected a digit in the exponent")
            }
            while isDigit(index) { index += 1 }
        }
        return .length(index - start)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    // MARK: Error reporting

    private func error(_ message: String, at offset: Int) -> JSONError {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONError(message: message, line: line, column: column, offset: offset)
    }

    /// Describes the character at `offset` for a message: `'x'`, `U+00E9` or `end of input`.
    private func found(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let character = foundCharacter(at: offset)
        return character.hasPrefix("U+") ? character : "'\(character)'"
    }

    /// The character at `offset` as printable ASCII, or its `U+XXXX` name for anything else.
    private func foundCharacter(at offset: Int) -> String {
        let byte = bytes[offset]
        if byte >= 0x20, byte < 0x7F { return String(UnicodeScalar(byte)) }
        var decoder = UTF8()
        var iterator = bytes[offset...].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return scalarName(scalar.value)
        }
        return scalarName(UInt32(byte))
    }

    private func scalarName(_ value: UInt32) -> String {
        "U+\(hex4(value))"
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
