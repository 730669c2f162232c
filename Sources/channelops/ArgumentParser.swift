import ChannelCore

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
            if let near = Suggestion.nearest(to: name, in: known) {
                message += "; did you mean '--\(near)'?"
            }
            throw UsageError(description: message)
        }
    }
    return parsed
}
