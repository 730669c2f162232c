import Foundation

/// The scalar values of `render`'s output in the order printed, each with its key, read line by
/// line, so that its JSON and its YAML can be compared without a YAML parser in the tests.
///
/// Both formats print one scalar per line: `"key": value` or a bare list item in JSON, and
/// `key: value` or `- value` (after any `- ` list markers) in YAML. Lines that only open or
/// close a mapping or list carry no scalar and are skipped.
enum RenderedLeaves {
    /// A key (empty for a list item) and its scalar value, decoded from its quoting.
    struct Pair: Equatable, CustomStringConvertible {
        var key: String
        var value: String

        var description: String { "\(key)=\(value)" }
    }

    /// One scalar as printed.
    struct Leaf: CustomStringConvertible {
        var pair: Pair
        /// Whether YAML printed it without quotes.
        var isPlain: Bool

        var value: String { pair.value }
        var description: String { "\(pair) (\(isPlain ? "plain" : "quoted"))" }
    }

    /// A line neither reading understands.
    struct UnreadableLine: Error, CustomStringConvertible {
        var line: String
        var description: String { "cannot read the rendered line '\(line)'" }
    }

    /// The scalars of pretty-printed JSON.
    static func fromJSON(_ text: String) throws -> [Leaf] {
        var leaves: [Leaf] = []
        for rawLine in text.split(separator: "\n") {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix(",") {
                line.removeLast()
            }
            if ["{", "}", "[", "]"].contains(line) {
                continue
            }
            if let colon = line.range(of: "\": "), line.hasPrefix("\"") {
                let key = try jsonString(String(line[..<line.index(after: colon.lowerBound)]), in: line)
                let value = String(line[colon.upperBound...])
                guard value != "{", value != "[" else { continue }
                leaves.append(Leaf(pair: Pair(key: key, value: try jsonScalar(value, in: line)), isPlain: false))
            } else {
                leaves.append(Leaf(pair: Pair(key: "", value: try jsonScalar(line, in: line)), isPlain: false))
            }
        }
        return leaves
    }

    /// The scalars of block-style YAML.
    static func fromYAML(_ text: String) throws -> [Leaf] {
        var leaves: [Leaf] = []
        for rawLine in text.split(separator: "\n") {
            var line = Substring(rawLine.trimmingCharacters(in: .whitespaces))
            while line.hasPrefix("- ") {
                line = line.dropFirst(2)
            }
            if line.hasSuffix(":"), !line.contains(": ") {
                continue
            }
            let key: String
            let scalar: Substring
            if let colon = line.range(of: ": ") {
                key = String(line[..<colon.lowerBound])
                scalar = line[colon.upperBound...]
            } else {
                key = ""
                scalar = line
            }
            if scalar.hasPrefix("\"") {
                let value = try jsonString(String(scalar), in: String(rawLine))
                leaves.append(Leaf(pair: Pair(key: key, value: value), isPlain: false))
            } else if scalar.hasPrefix("'") {
                guard scalar.count >= 2, scalar.hasSuffix("'") else { throw UnreadableLine(line: String(rawLine)) }
                let value = scalar.dropFirst().dropLast().replacingOccurrences(of: "''", with: "'")
                leaves.append(Leaf(pair: Pair(key: key, value: value), isPlain: false))
            } else {
                leaves.append(Leaf(pair: Pair(key: key, value: String(scalar)), isPlain: true))
            }
        }
        return leaves
    }

    /// Whether a plain YAML scalar would be read as something other than a string by a YAML 1.1
    /// or 1.2 reader: a boolean, a null, a number or a date.
    static func readsAsNonString(_ plain: String) -> Bool {
        let words: Set<String> = [
            "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", "", ".inf", "-.inf", ".nan",
        ]
        if words.contains(plain.lowercased()) {
            return true
        }
        if plain.prefixMatch(of: /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/) != nil {
            return true
        }
        let number = /[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+)/
        return plain.wholeMatch(of: number) != nil
    }

    /// A JSON string literal's text.
    private static func jsonString(_ literal: String, in line: String) throws -> String {
        guard let value = try jsonScalarObject(literal, in: line) as? String else {
            throw UnreadableLine(line: line)
        }
        return value
    }

    /// A JSON scalar as text: strings decoded, numbers, booleans and null as written, and an
    /// empty mapping or list as `{}` or `[]`, which YAML prints alike.
    private static func jsonScalar(_ literal: String, in line: String) throws -> String {
        if literal == "{}" || literal == "[]" {
            return literal
        }
        let value = try jsonScalarObject(literal, in: line)
        return value as? String ?? literal
    }

    private static func jsonScalarObject(_ literal: String, in line: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed)
        } catch {
            throw UnreadableLine(line: line)
        }
    }
}
