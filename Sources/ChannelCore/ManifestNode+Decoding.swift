extension ManifestNode {
    /// Whether the node is YAML's null: a plain, untagged `null`, `Null`, `NULL`, `~` or nothing.
    var isNull: Bool {
        guard tag == nil, case .scalar(let text, .plain) = content else {
            return false
        }
        switch text {
        case "", "~", "null", "Null", "NULL":
            return true
        default:
            return false
        }
    }

    /// The node as a diagnostic names what was found: `a mapping`, `a list`, `null` or the
    /// scalar's text in quotes (shortened when long).
    var foundDescription: String {
        switch content {
        case .mapping:
            return "a mapping"
        case .sequence:
            return "a list"
        case .scalar(let text, _):
            if isNull {
                return "null"
            }
            let limit = 40
            let shown = text.unicodeScalars.count > limit ? String(text.unicodeScalars.prefix(limit)) + "…" : text
            return "'\(shown)'"
        }
    }

    /// The text of a scalar key, whatever its style.
    var scalarText: String? {
        if case .scalar(let text, _) = content {
            return text
        }
        return nil
    }
}
