import Foundation

/// Compares two policy documents as JSON values, so spacing and key order do not matter.
///
/// Used to recognise a resource that an earlier attempt with an unknown outcome did create.
/// Text that is not JSON is compared as it is.
enum PolicyDocumentComparison {
    /// Whether the two documents hold the same JSON value.
    static func isEquivalent(_ first: String, _ second: String) -> Bool {
        let decoder = JSONDecoder()
        guard let left = try? decoder.decode(JSONValue.self, from: Data(first.utf8)),
            let right = try? decoder.decode(JSONValue.self, from: Data(second.utf8))
        else {
            // Not JSON (the `try?` nil means exactly that): fall back to the text.
            return first == second
        }
        return left == right
    }
}

/// A JSON value, for comparing documents.
private indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each `try?` asks "is it this type?"; nil means no, and the next type is tried.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
