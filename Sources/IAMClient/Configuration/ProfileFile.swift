/// One parsed shared AWS file (`~/.aws/config` or `~/.aws/credentials`): its sections in file
/// order, each with its properties and the line each was found on.
///
/// The syntax is the INI dialect the AWS SDKs share: `[section]` headers, `key = value`
/// properties, whole-line comments starting with `#` or `;`, comments after a value when
/// preceded by whitespace, and indented lines under a property. An indented block under an empty
/// property is a sub-section (`s3 =` then `  max_concurrent_requests = 10`); an indented line
/// under a non-empty property continues its value on a new line; a blank line ends such a block.
/// Keys are compared without case (stored lower-cased); section names keep their case.
struct ProfileFile: Sendable, Equatable {
    /// One `key = value` property, or a sub-section when it holds indented properties.
    struct Property: Sendable, Equatable {
        var value: String
        /// Properties of an indented block under this one, lower-cased keys.
        var subProperties: [String: String]
        /// The 1-based line of the key.
        var line: Int
    }

    /// One `[header]` and the properties below it up to the next header.
    struct Section: Sendable, Equatable {
        /// The text between the brackets with surrounding whitespace removed.
        var header: String
        /// The 1-based line of the header.
        var line: Int
        /// Properties by lower-cased key; a repeated key keeps its last value.
        var properties: [String: Property]
    }

    var path: String
    var sections: [Section]

    /// Parses `text` read from `path`.
    ///
    /// - Throws: `ConfigurationError.malformedLine` naming `path` and the line for a header
    ///   without `]`, text after a header, an empty header, a property before the first header,
    ///   a line without `=`, or a key missing before `=`. The line's text is never quoted.
    static func parse(_ text: String, path: String) throws(ConfigurationError) -> ProfileFile {
        var parser = ProfileFileParser(path: path)
        // "\r\n" is one Character in Swift, so both line ends are named.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            try parser.consume(line, number: index + 1)
        }
        return ProfileFile(path: path, sections: parser.finish())
    }
}

/// The line-by-line state of `ProfileFile.parse`.
private struct ProfileFileParser {
    let path: String
    var sections: [ProfileFile.Section] = []
    var current: ProfileFile.Section?
    /// The key of the last property of the current section, which indented lines extend.
    var lastKey: String?

    init(path: String) {
        self.path = path
    }

    mutating func consume(_ rawLine: Substring, number: Int) throws(ConfigurationError) {
        let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
        let trimmed = line.trimmingBlanks()
        // A blank line ends the indented block of a property; a comment line does not.
        if trimmed.isEmpty {
            lastKey = nil
            return
        }
        if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") {
            return
        }

        // An indented line belongs to the property above it, when there is one.
        if let first = line.first, first == " " || first == "\t", let key = lastKey,
            var section = current, var property = section.properties[key]
        {
            try extend(&property, key: key, with: trimmed, number: number)
            section.properties[key] = property
            current = section
            return
        }

        if trimmed.hasPrefix("[") {
            try startSection(trimmed, number: number)
        } else {
            try addProperty(trimmed, number: number)
        }
    }

    mutating func finish() -> [ProfileFile.Section] {
        if let current {
            sections.append(current)
        }
        return sections
    }

    private func extend(
        _ property: inout ProfileFile.Property,
        key: String,
        with text: Substring,
        number: Int
    ) throws(ConfigurationError) {
        guard property.value.isEmpty else {
            property.value += "\n" + text.removingTrailingComment()
            return
        }
        guard let equals = text.firstIndex(of: "=") else {
            throw malformed(number, "expected 'name = value' in the indented block under '\(key)'")
        }
        let name = text[..<equals].trimmingBlanks().lowercased()
        guard !name.isEmpty else {
            throw malformed(number, "a name is missing before '=' in the indented block under '\(key)'")
        }
        property.subProperties[name] = text[text.index(after: equals)...].removingTrailingComment()
    }

    private mutating func startSection(_ text: Substring, number: Int) throws(ConfigurationError) {
        guard let close = text.firstIndex(of: "]") else {
            throw malformed(number, "the section header has no closing ']'")
        }
        let rest = text[text.index(after: close)...].trimmingBlanks()
        guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
            throw malformed(number, "unexpected text after the section header's ']'")
        }
        let header = text[text.index(after: text.startIndex)..<close].trimmingBlanks()
        guard !header.isEmpty else {
            throw malformed(number, "the section header is empty; write [default] or [profile NAME]")
        }
        if let current {
            sections.append(current)
        }
        current = ProfileFile.Section(header: String(header), line: number, properties: [:])
        lastKey = nil
    }

    private mutating func addProperty(_ text: Substring, number: Int) throws(ConfigurationError) {
        guard var section = current else {
            throw malformed(number, "a setting comes before the first [section] header")
        }
        guard let equals = text.firstIndex(of: "=") else {
            throw malformed(number, "expected 'name = value' or a [section] header; the line has no '='")
        }
        let key = text[..<equals].trimmingBlanks().lowercased()
        guard !key.isEmpty else {
            throw malformed(number, "a setting name is missing before '='")
        }
        let value = text[text.index(after: equals)...].removingTrailingComment()
        section.properties[key] = ProfileFile.Property(value: value, subProperties: [:], line: number)
        current = section
        lastKey = key
    }

    private func malformed(_ number: Int, _ problem: String) -> ConfigurationError {
        .malformedLine(path: path, line: number, problem: problem)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }),
            let end = lastIndex(where: { !isBlank($0) })
        else {
            return self[endIndex...]
        }
        return self[start...end]
    }

    /// A value without a trailing `#` or `;` comment and surrounding blanks.
    ///
    /// A comment marker counts only after a space or tab, so values such as URLs with fragments
    /// (`http://host/#x`) keep their `#`.
    fileprivate func removingTrailingComment() -> String {
        var previous: Character = " "
        var end = endIndex
        for index in indices {
            let character = self[index]
            if (character == "#" || character == ";") && (previous == " " || previous == "\t")
                && index != startIndex
            {
                end = index
                break
            }
            previous = character
        }
        return String(self[startIndex..<end].trimmingBlanks())
    }
}
