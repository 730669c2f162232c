extension ValidationRules {
    /// IAM's condition operators without the `ForAllValues:`/`ForAnyValue:` prefixes and the
    /// `IfExists` suffix.
    package static let conditionOperators = [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
        "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
        "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
        "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
        "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
        "Null",
    ]

    private static let setPrefixes = ["ForAllValues:", "ForAnyValue:"]
    private static let ifExists = "IfExists"

    /// Checks a condition operator such as `StringEquals`, `ForAnyValue:StringLike` or
    /// `ArnLikeIfExists`; IAM spells them with exact case.
    package static func conditionOperatorProblem(_ name: String) -> String? {
        var base = Substring(name)
        let setPrefix = setPrefixes.first { base.hasPrefix($0) } ?? ""
        base = base.dropFirst(setPrefix.count)
        let suffix = base.hasSuffix(ifExists) && base != Substring(ifExists) ? ifExists : ""
        base = base.dropLast(suffix.count)
        if conditionOperators.contains(where: { base == $0 }), !(base == "Null" && !suffix.isEmpty) {
            return nil
        }
        guard let nearest = Suggestion.nearest(to: String(base), in: conditionOperators) else {
            return "has the unknown condition operator '\(name)'; "
                + "use an IAM operator such as StringEquals, StringLike, ArnLike, IpAddress or Bool"
        }
        let suggestion = setPrefix + nearest + (nearest == "Null" ? "" : suffix)
        return "has the unknown condition operator '\(name)'; did you mean '\(suggestion)'?"
    }
}
