/// Why a text could not be read as an IAM policy document.
public enum PolicyDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not JSON.
    case invalidJSON(JSONError)
    /// A `%` at this UTF-8 byte offset of the encoded text is not followed by two hex digits.
    case invalidPercentEncoding(offset: Int)
    /// The percent-decoded bytes are not UTF-8.
    case invalidUTF8
    /// The JSON is well formed but is not a policy; `path` names the element, such as
    /// `Statement[1].Effect` (empty for the document itself), and `problem` says what is wrong.
    case invalidElement(path: String, problem: String)

    /// The problem as one line for a person: what failed, where, and what was found.
    public var description: String {
        switch self {
        case .invalidJSON(let error):
            return "policy document is not valid JSON: \(error)"
        case .invalidPercentEncoding(let offset):
            return "policy document is not valid percent-encoded text: '%' at byte offset \(offset) "
                + "is not followed by two hexadecimal digits"
        case .invalidUTF8:
            return "policy document is not UTF-8 text once percent-decoded"
        case .invalidElement(let path, let problem):
            return path.isEmpty ? "policy document \(problem)" : "policy document: \(path) \(problem)"
        }
    }
}
