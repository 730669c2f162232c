extension ValidationRules {
    /// The AWS partitions an ARN may name.
    package static let partitions = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ]

    private static let arnForm = "arn:partition:service:region:account:resource"

    /// Checks an action: `*`, or `service:Action` where the service prefix is a known one of
    /// `a-z 0-9 -` and the action name has letters, digits and the wildcards `*` and `?`.
    package static func actionProblem(_ action: String) -> String? {
        if action == "*" {
            return nil
        }
        let bytes = action.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != bytes.startIndex,
            bytes.index(after: colon) != bytes.endIndex
        else {
            return "'\(action)' is not of the form service:Action, for example 'lex:PostText', or '*'"
        }
        let service = String(Substring(bytes[..<colon]))
        if let bad = firstDisallowed(service, { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }) {
            let hint = ServiceCatalog.suggestion(for: service).map { "; did you mean '\($0)'?" } ?? ""
            return "'\(action)' has \(describe(bad)) in its service prefix '\(service)'; "
                + "a service prefix has only lower-case letters, digits and '-'\(hint)"
        }
        let name = Substring(bytes[bytes.index(after: colon)...])
        if let bad = firstDisallowed(name, { isAlphanumeric($0) || isWildcard($0) }) {
            return "'\(action)' has \(describe(bad)) in its action name; "
                + "an action name has only letters, digits and the wildcards * and ?"
        }
        guard ServiceCatalog.contains(service) else {
            if let suggestion = ServiceCatalog.suggestion(for: service) {
                return "'\(action)' names the unknown service prefix '\(service)'; did you mean '\(suggestion)'?"
            }
            return "'\(action)' names the unknown service prefix '\(service)'; "
                + "see the AWS Service Authorization Reference for the prefixes"
        }
        return nil
    }

    /// Checks a resource: `*`, or an ARN `arn:partition:service:region:account:resource` in which
    /// the wildcards `*` and `?` and policy variables such as `${aws:username}` may appear.
    package static func resourceProblem(_ resource: String) -> String? {
        if resource == "*" {
            return nil
        }
        // The first five colons split the ARN; the resource part may hold more, and so may a
        // policy variable such as ${aws:RequestedRegion} in any part.
        let bytes = resource.utf8
        var bounds: [String.Index] = []
        bounds.reserveCapacity(5)
        var index = bytes.startIndex
        var previous: UInt8 = 0
        var isInVariable = false
        while index != bytes.endIndex, bounds.count < 5 {
            let byte = bytes[index]
            if isInVariable {
                isInVariable = byte != UInt8(ascii: "}")
            } else if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") {
                isInVariable = true
            } else if byte == UInt8(ascii: ":") {
                bounds.append(index)
            }
            previous = byte
            index = bytes.index(after: index)
        }
        guard let first = bounds.first, resource[..<first] == "arn" else {
            return "'\(resource)' is neither '*' nor an ARN (\(arnForm))"
        }
        guard bounds.count == 5 else {
            return "'\(resource)' has \(bounds.count + 1) of the 6 parts of an ARN (\(arnForm))"
        }
        func part(_ number: Int) -> Substring {
            let start = bytes.index(after: bounds[number - 1])
            return resource[start..<(number < 5 ? bounds[number] : resource.endIndex)]
        }
        return arnPartProblem(
            partition: part(1), service: part(2), region: part(3), account: part(4), name: part(5),
            resource: resource
        )
    }

    private static func arnPartProblem(
        partition: Substring,
        service: Substring,
        region: Substring,
        account: Substring,
        name: Substring,
        resource: String
    ) -> String? {
        if !partitions.contains(where: { partition == $0 }), !hasWildcard(partition) {
            return "'\(resource)' has the unknown partition '\(partition)'; use "
                + partitions.dropLast().joined(separator: ", ") + " or " + (partitions.last ?? "")
        }
        if service.isEmpty {
            return "'\(resource)' has an empty service; write the service between the second and third ':'"
        }
        if !isARNWord(service) {
            return "'\(resource)' has the service '\(service)'; "
                + "an ARN's service has only lower-case letters, digits, '-' and wildcards"
        }
        if !isARNWord(region), !hasVariable(region) {
            return "'\(resource)' has the region '\(region)'; "
                + "a region has only lower-case letters, digits, '-' and wildcards, or is empty"
        }
        if !isAccount(account) {
            return "'\(resource)' has the account '\(account)'; an account is 12 digits, 'aws', or empty"
        }
        if name.isEmpty {
            return "'\(resource)' has an empty resource part; write the resource after the fifth ':', or use '*'"
        }
        return nil
    }

    private static func isWildcard(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?")
    }

    private static func hasWildcard(_ part: Substring) -> Bool {
        part.utf8.contains(where: isWildcard)
    }

    /// Whether the part holds a policy variable such as `${aws:username}`.
    private static func hasVariable(_ part: Substring) -> Bool {
        var previous: UInt8 = 0
        for byte in part.utf8 {
            if previous == UInt8(ascii: "$"), byte == UInt8(ascii: "{") {
                return true
            }
            previous = byte
        }
        return false
    }

    private static func isARNWord(_ part: Substring) -> Bool {
        part.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || isWildcard($0) }
    }

    private static func isAccount(_ account: Substring) -> Bool {
        if account.isEmpty || account.utf8.elementsEqual("aws".utf8) || hasVariable(account) {
            return true
        }
        let isDigitsOrWildcards = account.utf8.allSatisfy { isDigit($0) || isWildcard($0) }
        return isDigitsOrWildcards && (hasWildcard(account) || account.utf8.count == 12)
    }
}
