extension PolicyDocument {
    /// The document in a normal form in which documents that mean the same to IAM are equal.
    ///
    /// `a.normalized() == b.normalized()` exactly when `a.isEquivalent(to: b)`, and the normal
    /// form's `text(.compact)` is then byte-identical, so it can serve as a hash or cache key.
    /// The rules, each one a way of writing that IAM treats as the same policy:
    ///
    /// - `Statement` is always a list; a single string element (`Action`, `Resource`, a
    ///   principal, a condition value) is always a one-element list.
    /// - Statements are sorted and exact duplicates dropped.
    /// - `Action` and `NotAction` values are lower-cased (ASCII) — IAM matches service prefixes
    ///   and action names without regard to case — then sorted, duplicates dropped.
    /// - `Resource` and `NotResource` values are sorted with duplicates dropped; their case is
    ///   kept, since ARNs are case-sensitive.
    /// - `Principal` and `NotPrincipal` objects have their types sorted and each type's values
    ///   sorted with duplicates dropped; `"*"` stays a string.
    /// - `Condition` operators are sorted; condition keys are lower-cased (ASCII), as IAM
    ///   matches them without regard to case, and sorted; values become strings (`true`, `10`
    ///   as written), sorted, duplicates dropped. An operator with no keys and an empty
    ///   `Condition` are dropped, as they constrain nothing.
    ///
    /// Everything else is a real difference and stays: `Version` (including its absence), `Id`,
    /// `Sid`, `Effect`, operator names, the case of resources, condition values and principals,
    /// and wildcards (`lex:*` is not expanded and differs from `lex:PostText`). Encoding and
    /// whitespace are not in the model at all, so they never count.
    public func normalized() -> PolicyDocument {
        var keyed: [(key: String, statement: Statement)] = statements.map { statement in
            let normal = statement.normalized()
            return (normal.jsonValue.text(.compact), normal)
        }
        keyed.sort { $0.key < $1.key }
        var unique: [Statement] = []
        var previousKey: String?
        for entry in keyed where entry.key != previousKey {
            unique.append(entry.statement)
            previousKey = entry.key
        }
        return PolicyDocument(version: version, id: id, statements: unique, isStatementList: true)
    }

    /// Whether the two documents mean the same policy by the rules of `normalized()`.
    public func isEquivalent(to other: PolicyDocument) -> Bool {
        normalized() == other.normalized()
    }
}

extension PolicyDocument.Statement {
    /// The statement with the rules of `PolicyDocument.normalized()` applied.
    public func normalized() -> PolicyDocument.Statement {
        PolicyDocument.Statement(
            sid: sid,
            effect: effect,
            principal: principal.map(Self.normalizedPrincipal),
            notPrincipal: notPrincipal.map(Self.normalizedPrincipal),
            action: action.map { Self.normalizedList($0.values.map(asciiLowercased)) },
            notAction: notAction.map { Self.normalizedList($0.values.map(asciiLowercased)) },
            resource: resource.map { Self.normalizedList($0.values) },
            notResource: notResource.map { Self.normalizedList($0.values) },
            condition: condition.flatMap(Self.normalizedCondition)
        )
    }

    private static func normalizedList(_ values: [String]) -> PolicyDocument.ValueList {
        PolicyDocument.ValueList(sortedUnique(values), isList: true)
    }

    private static func normalizedPrincipal(_ principal: JSONValue) -> JSONValue {
        guard case .object(let members) = principal else { return principal }
        let normal = members.map { member in
            JSONValue.Member(member.key, .array(sortedUnique(scalarTexts(member.value)).map { .string($0) }))
        }
        return .object(sortedUniqueMembers(normal))
    }

    private static func normalizedCondition(_ condition: JSONValue) -> JSONValue? {
        guard case .object(let operators) = condition else { return condition }
        var normal: [JSONValue.Member] = []
        for conditionOperator in operators {
            guard case .object(let clauses) = conditionOperator.value else {
                normal.append(conditionOperator)
                continue
            }
            let normalClauses = clauses.map { clause in
                JSONValue.Member(
                    asciiLowercased(clause.key),
                    .array(sortedUnique(scalarTexts(clause.value)).map { .string($0) })
                )
            }
            if !normalClauses.isEmpty {
                normal.append(JSONValue.Member(conditionOperator.key, .object(sortedUniqueMembers(normalClauses))))
            }
        }
        return normal.isEmpty ? nil : .object(sortedUniqueMembers(normal))
    }

    /// The strings a string-or-list value stands for; numbers and booleans as their JSON text.
    private static func scalarTexts(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .number(let number): return [number.text]
        case .bool(let flag): return [flag ? "true" : "false"]
        case .array(let elements): return elements.flatMap(scalarTexts)
        case .null, .object: return [value.text(.compact)]
        }
    }

    private static func sortedUnique(_ values: [String]) -> [String] {
        var result: [String] = []
        for value in values.sorted() where result.last != value {
            result.append(value)
        }
        return result
    }

    /// Members sorted by key, then by value text, with exact duplicates dropped.
    ///
    /// Two members may share a key when keys differing only in case were lower-cased; both stay,
    /// as merging them would change what the condition means.
    private static func sortedUniqueMembers(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        let keyed = members.map { ($0, $0.value.text(.compact)) }.sorted { lhs, rhs in
            lhs.0.key != rhs.0.key ? lhs.0.key < rhs.0.key : lhs.1 < rhs.1
        }
        var result: [JSONValue.Member] = []
        for (member, _) in keyed where result.last != member {
            result.append(member)
        }
        return result
    }
}

/// `text` with ASCII `A`–`Z` lower-cased and every other character kept.
func asciiLowercased(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
    let bytes = text.utf8.map { byte in
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
    return String(decoding: bytes, as: UTF8.self)
}
