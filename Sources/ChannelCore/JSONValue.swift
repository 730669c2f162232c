/// A JSON value whose objects keep their members in order and whose numbers keep their text.
///
/// Policy documents must render byte for byte the same on every run, so this model does not go
/// through a dictionary or a floating-point number: an object is the list of its members as
/// written or built, and a number is the exact text that represents it. Equality is structural:
/// member order, number text and the difference between a string and a one-element array all
/// count. Semantic comparisons are the business of the types built on top, such as
/// `PolicyDocument`.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its text.
    case number(JSONNumber)
    /// A string, unescaped.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// Members in order. The parser rejects duplicate keys; values built in code should not
    /// repeat a key either, since most JSON readers keep only one of them.
    case object([Member])

    /// One key and its value in a JSON object.
    public struct Member: Sendable, Hashable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// Creates a member from its key and value.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of the first member named `key` when this is an object; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string when this is a string value; nil otherwise.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A name for the kind of value, as used in error messages: `a string`, `an object`, ….
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The text of a JSON number, kept exactly as written so that it renders back unchanged.
///
/// The text always matches the JSON number grammar (RFC 8259 section 6), so writing it out yields
/// valid JSON. `1.0` and `1` are different values here; no numeric comparison is made.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as JSON text, for example `-12`, `0.5` or `1e3`.
    public let text: String

    /// Creates a number from JSON number text; nil if `text` is not a valid JSON number.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard case .length(let length) = JSONParser.scanNumber(bytes, from: 0), length == bytes.count
        else { return nil }
        self.text = text
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    init(validatedText: String) {
        self.text = validatedText
    }

    /// The number's JSON text.
    public var description: String { text }
}
