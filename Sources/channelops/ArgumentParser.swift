/// A usage error: the command line names an unknown command or option, or an option lacks a value.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// What one command accepts: options that take a value, and flags that do not.
struct CommandSpec {
    var name: String
    var summary: String
    /// More about the command for its `--help`: what it reads, and its exit codes; may be empty.
    var details: String = ""
    /// Option names (without `--`) that take a value, with a short description of it.
    var options: [(name: String, value: String, help: String)]
    /// Flag names (without `--`).
    var flags: [(name: String, help: String)]
    /// Whether one positional argument (`source`) is accepted.
    var acceptsPositional: Bool = false
}

/// The parsed options of one command line.
struct ParsedArguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    func value(_ name: String) -> String? { values[name] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
}

/// Parses `--name value`, `--name=value` and `--flag` against a command's spec.
///
/// Unknown options and missing values are usage errors whose message suggests the nearest valid
/// name, the way a compiler suggests a misspelt identifier.
func parseArguments(_ arguments: [String], for spec: CommandSpec) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        guard argument.hasPrefix("--"), argument.count > 2 else {
            guard spec.acceptsPositional, parsed.positional.isEmpty, !argument.hasPrefix("-") else {
                throw UsageError(description: "unexpected argument '\(argument)' for '\(spec.name)'")
            }
            parsed.positional.append(argument)
            continue
        }
        var name = String(argument.dropFirst(2))
        var inlineValue: String?
        if let equals = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        if spec.flags.contains(where: { $0.name == name }) {
            guard inlineValue == nil else {
                throw UsageError(description: "option '--\(name)' takes no value")
            }
            parsed.flags.insert(name)
        } else if spec.options.contains(where: { $0.name == name }) {
            if let inlineValue {
                parsed.values[name] = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                parsed.values[name] = arguments[index]
                index += 1
            } else {
                throw UsageError(description: "option '--\(name)' needs a value")
            }
        } else {
            let known = spec.options.map(\.name) + spec.flags.map(\.name)
            var message = "unknown option '--\(name)' for '\(spec.name)'"
            if let near = nearestName(to: name, among: known) {
                message += "; did you mean '--\(near)'?"
            }
            throw UsageError(description: message)
        }
    }
    return parsed
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
func nearestName(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { (candidate: $0, distance: editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    return best.distance <= max(2, word.count / 3) ? best.candidate : nil
}

/// Levenshtein distance between two strings, counted in characters.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs)
    let b = Array(rhs)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
