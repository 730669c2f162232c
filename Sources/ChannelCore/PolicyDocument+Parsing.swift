extension PolicyDocument {
    /// Reads a policy document from JSON text.
    ///
    /// The JSON is parsed strictly (see `JSONValue.init(parsing:)`) and must have the shape IAM
    /// requires: an object with `Statement` and optionally `Version` and `Id`; each statement an
    /// object with `Effect` (`Allow` or `Deny`), exactly one of `Action` / `NotAction`, at most
    /// one of `Resource` / `NotResource` and of `Principal` / `NotPrincipal`, and optionally `Sid`
    /// and `Condition`. Element names are case-sensitive and unknown ones are rejected.
    ///
    /// - Throws: `PolicyDocumentError.invalidJSON` or `.invalidElement` naming the element.
    public init(json text: String) throws(PolicyDocumentError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw .invalidJSON(error)
        }
        try self.init(jsonValue: value)
    }

    /// Reads a policy document from the percent-encoded form IAM returns (RFC 3986: `%XX` for
    /// each encoded byte; `+` is a plus sign, not a space).
    ///
    /// - Throws: `.invalidPercentEncoding`, `.invalidUTF8`, or what `init(json:)` throws.
    public init(urlEncoded text: String) throws(PolicyDocumentError) {
        try self.init(json: try PolicyDocument.percentDecoded(text))
    }

    /// Reads a policy document as IAM or an emulator hands it out, percent-encoded or not.
    ///
    /// Text whose first character other than whitespace is `{` is read as JSON; anything else is
    /// percent-decoded first. A JSON document always starts with `{`, and its encoded form never
    /// does, so the choice is unambiguous.
    ///
    /// - Throws: what `init(json:)` or `init(urlEncoded:)` throws.
    public init(iamText text: String) throws(PolicyDocumentError) {
        let first = text.utf8.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{") {
            try self.init(json: text)
        } else {
            try self.init(urlEncoded: text)
        }
    }

    /// Reads a policy document from a parsed JSON value; the rules of `init(json:)` apply.
    ///
    /// - Throws: `PolicyDocumentError.invalidElement` naming the first element that is wrong.
    public init(jsonValue: JSONValue) throws(PolicyDocumentError) {
        let members = try PolicyDocument.members(of: jsonValue, path: "", allowed: ["Version", "Id", "Statement"])
        version = try PolicyDocument.optionalString(members, "Version", path: "")
        id = try PolicyDocument.optionalString(members, "Id", path: "")
        switch members["Statement"] {
        case nil:
            throw .invalidElement(path: "", problem: "has no 'Statement'; a policy needs at least one statement")
        case .array(let elements)?:
            statements = []
            for (position, element) in elements.enumerated() {
                statements.append(try Statement(jsonValue: element, path: "Statement[\(position)]"))
            }
            isStatementList = true
        case let single?:
            statements = [try Statement(jsonValue: single, path: "Statement")]
            isStatementList = false
        }
    }

    /// Decodes `%XX` sequences into bytes and the bytes as UTF-8.
    static func percentDecoded(_ text: String) throws(PolicyDocumentError) -> String {
        let encoded = Array(text.utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            guard encoded[index] == UInt8(ascii: "%") else {
                decoded.append(encoded[index])
                index += 1
                continue
            }
            guard index + 2 < encoded.count, let high = hexDigit(encoded[index + 1]),
                let low = hexDigit(encoded[index + 2])
            else { throw .invalidPercentEncoding(offset: index) }
            decoded.append(high << 4 | low)
            index += 3
        }
        guard let result = String(validating: decoded, as: UTF8.self) else { throw .invalidUTF8 }
        return result
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The members of an object keyed by name, after checking that every name is allowed.
    static func members(
        of value: JSONValue,
        path: String,
        allowed: [String]
    ) throws(PolicyDocumentError) -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw .invalidElement(path: path, problem: "must be an object, found \(value.kindDescription)")
        }
        var result: [String: JSONValue] = [:]
        for member in members {
            guard allowed.contains(member.key) else {
                let list = allowed.joined(separator: ", ")
                throw .invalidElement(path: path, problem: "has unknown element '\(member.key)'; allowed are \(list)")
            }
            result[member.key] = member.value
        }
        return result
    }

    static func optionalString(
        _ members: [String: JSONValue],
        _ name: String,
        path: String
    ) throws(PolicyDocumentError) -> String? {
        guard let value = members[name] else { return nil }
        guard case .string(let text) = value else {
            throw .invalidElement(path: join(path, name), problem: "must be a string, found \(value.kindDescription)")
        }
        return text
    }

    static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }
}

extension PolicyDocument.Statement {
    private static let elementNames = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    /// Reads one statement; `path` names it in errors, such as `Statement[2]`.
    init(jsonValue: JSONValue, path: String) throws(PolicyDocumentError) {
        let members = try PolicyDocument.members(of: jsonValue, path: path, allowed: Self.elementNames)
        sid = try PolicyDocument.optionalString(members, "Sid", path: path)

        guard let effectText = try PolicyDocument.optionalString(members, "Effect", path: path) else {
            throw .invalidElement(path: path, problem: "has no 'Effect'; it must be \"Allow\" or \"Deny\"")
        }
        guard let parsedEffect = PolicyDocument.Effect(rawValue: effectText) else {
            throw .invalidElement(
                path: PolicyDocument.join(path, "Effect"),
                problem: "must be \"Allow\" or \"Deny\", found \"\(effectText)\""
            )
        }
        effect = parsedEffect

        try Self.requireAtMostOne("Principal", "NotPrincipal", in: members, path: path)
        principal = try members["Principal"].map { value throws(PolicyDocumentError) in
            try Self.checkedPrincipal(value, path: PolicyDocument.join(path, "Principal"))
        }
        notPrincipal = try members["NotPrincipal"].map { value throws(PolicyDocumentError) in
            try Self.checkedPrincipal(value, path: PolicyDocument.join(path, "NotPrincipal"))
        }

        try Self.requireAtMostOne("Action", "NotAction", in: members, path: path)
        guard members["Action"] != nil || members["NotAction"] != nil else {
            throw .invalidElement(path: path, problem: "has neither 'Action' nor 'NotAction'; it needs one of them")
        }
        action = try Self.valueList(members, "Action", path: path)
        notAction = try Self.valueList(members, "NotAction", path: path)

        try Self.requireAtMostOne("Resource", "NotResource", in: members, path: path)
        resource = try Self.valueList(members, "Resource", path: path)
        notResource = try Self.valueList(members, "NotResource", path: path)

        condition = try members["Condition"].map { value throws(PolicyDocumentError) in
            try Self.checkedCondition(value, path: PolicyDocument.join(path, "Condition"))
        }
    }

    private static func requireAtMostOne(
        _ first: String,
        _ second: String,
        in members: [String: JSONValue],
        path: String
    ) throws(PolicyDocumentError) {
        if members[first] != nil, members[second] != nil {
            throw .invalidElement(path: path, problem: "has both '\(first)' and '\(second)'; it may have only one")
        }
    }

    private static func valueList(
        _ members: [String: JSONValue],
        _ name: String,
        path: String
    ) throws(PolicyDocumentError) -> PolicyDocument.ValueList? {
        guard let value = members[name] else { return nil }
        let elementPath = PolicyDocument.join(path, name)
        switch value {
        case .string(let text):
            return PolicyDocument.ValueList([text], isList: false)
        case .array(let elements) where !elements.isEmpty:
            var strings: [String] = []
            for (position, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw .invalidElement(
                        path: "\(elementPath)[\(position)]",
                        problem: "must be a string, found \(element.kindDescription)"
                    )
                }
                strings.append(text)
            }
            return PolicyDocument.ValueList(strings, isList: true)
        default:
            let found = value == .array([]) ? "an empty array" : value.kindDescription
            throw .invalidElement(
                path: elementPath,
                problem: "must be a string or a non-empty array of strings, found \(found)"
            )
        }
    }

    /// Checks `Principal`: `"*"`-style string, or an object of principal types whose values are
    /// strings or non-empty arrays of strings.
    private static func checkedPrincipal(_ value: JSONValue, path: String) throws(PolicyDocumentError) -> JSONValue {
        switch value {
        case .string:
            return value
        case .object(let members):
            for member in members {
                try checkStrings(member.value, path: "\(path).\(member.key)", allowScalars: false)
            }
            return value
        default:
            throw .invalidElement(path: path, problem: "must be a string or an object, found \(value.kindDescription)")
        }
    }

    /// Checks `Condition`: an object of operators, each an object of condition keys whose values
    /// are strings, numbers or booleans, or non-empty arrays of them.
    private static func checkedCondition(_ value: JSONValue, path: String) throws(PolicyDocumentError) -> JSONValue {
        guard case .object(let operators) = value else {
            throw .invalidElement(path: path, problem: "must be an object, found \(value.kindDescription)")
        }
        for conditionOperator in operators {
            let operatorPath = "\(path).\(conditionOperator.key)"
            guard case .object(let clauses) = conditionOperator.value else {
                throw .invalidElement(
                    path: operatorPath,
                    problem: "must be an object of condition keys, found \(conditionOperator.value.kindDescription)"
                )
            }
            for clause in clauses {
                try checkStrings(clause.value, path: "\(operatorPath).\(clause.key)", allowScalars: true)
            }
        }
        return value
    }

    /// Checks a value that must be a string or a non-empty array of strings; with `allowScalars`,
    /// numbers and booleans count as strings, as IAM allows in condition values.
    private static func checkStrings(_ value: JSONValue, path: String, allowScalars: Bool) throws(PolicyDocumentError) {
        func isAccepted(_ element: JSONValue) -> Bool {
            switch element {
            case .string: return true
            case .number, .bool: return allowScalars
            case .null, .array, .object: return false
            }
        }
        let expected = allowScalars ? "a string, number or boolean" : "a string"
        switch value {
        case .array(let elements) where !elements.isEmpty:
            for (position, element) in elements.enumerated() where !isAccepted(element) {
                throw .invalidElement(
                    path: "\(path)[\(position)]",
                    problem: "must be \(expected), found \(element.kindDescription)"
                )
            }
        case .array:
            throw .invalidElement(path: path, problem: "must be \(expected) or a non-empty array, found an empty array")
        default:
            guard isAccepted(value) else {
                throw .invalidElement(
                    path: path,
                    problem: "must be \(expected) or a non-empty array, found \(value.kindDescription)"
                )
            }
        }
    }
}
