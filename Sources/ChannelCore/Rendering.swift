/// The names, paths, tags and IAM limits that rendering applies to every channel.
public enum Rendering {
    /// The IAM path of every user and policy channelops creates.
    public static let path = "/channelops/"
    /// Prefixed to a channel's name to name its managed policy.
    public static let policyNamePrefix = "channelops-"
    /// The tag whose value names the instance that manages a resource; it marks ownership.
    public static let managedByTagKey = "channelops:managed-by"
    /// The tag whose value names the channel a resource belongs to.
    public static let channelTagKey = "channelops:channel"
    /// The instance used when none is given.
    public static let defaultInstance = "default"
    /// The most characters an instance name may have.
    public static let maximumInstanceNameLength = 40

    /// The most characters IAM allows in a policy name.
    public static let maximumPolicyNameLength = 128
    /// The most characters IAM allows in a customer managed policy document, whitespace not
    /// counted (see `PolicyDocument.iamCharacterCount`).
    public static let maximumPolicyDocumentCharacters = 6_144
    /// The most tags IAM allows on one user or policy, the two `channelops:` tags included.
    public static let maximumTagsPerResource = 50

    /// The name of a channel's managed policy: `channelops-<channel>`.
    public static func policyName(forChannel channel: String) -> String {
        policyNamePrefix + channel
    }

    /// Checks an instance name, which becomes the value of every `channelops:managed-by` tag
    /// and part of the lease ref `refs/channelops/lease/<instance>`.
    ///
    /// The rule is the channel-name rule, safe for both uses: 1–40 characters of lower-case
    /// ASCII letters, digits and `-`, starting and ending with a letter or digit.
    ///
    /// - Throws: `RenderError.invalidInstance` when the name breaks the rule.
    public static func checkInstanceName(_ instance: String) throws(RenderError) {
        let bytes = Array(instance.utf8)
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        guard let first = bytes.first, let last = bytes.last, bytes.count <= maximumInstanceNameLength,
            isLetterOrDigit(first), isLetterOrDigit(last),
            bytes.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") })
        else { throw .invalidInstance(instance) }
    }

    /// The policy document for a channel: version `2012-10-17` and one statement per permission,
    /// in manifest order.
    ///
    /// Each statement has `Sid` when the permission has one, `Effect`, `Action` and `Resource` as
    /// lists in the order written, and `Condition` with operators and keys in the order written;
    /// a condition value written as a single string stays a string, a list stays a list.
    public static func policyDocument(for channel: Channel) -> PolicyDocument {
        PolicyDocument(statements: channel.permissions.map(statement(for:)))
    }

    /// The statement for one permission, as `policyDocument(for:)` describes.
    public static func statement(for permission: Permission) -> PolicyDocument.Statement {
        var condition: JSONValue?
        if !permission.conditions.isEmpty {
            condition = .object(
                permission.conditions.map { conditionOperator in
                    JSONValue.Member(
                        conditionOperator.name,
                        .object(
                            conditionOperator.clauses.map { clause in
                                let values = PolicyDocument.ValueList(clause.values, isList: clause.isList)
                                return JSONValue.Member(clause.key, values.jsonValue)
                            }
                        )
                    )
                }
            )
        }
        return PolicyDocument.Statement(
            sid: permission.sid,
            effect: permission.effect,
            action: PolicyDocument.ValueList(permission.actions),
            resource: PolicyDocument.ValueList(permission.resources),
            condition: condition
        )
    }
}

/// Why rendering could not start.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instance name breaks the rule of `Rendering.checkInstanceName(_:)`.
    case invalidInstance(String)

    /// The problem and the rule to follow, as one line.
    public var description: String {
        switch self {
        case .invalidInstance(let name):
            return "invalid instance name '\(name)': use 1–\(Rendering.maximumInstanceNameLength) "
                + "lower-case letters, digits and '-', starting and ending with a letter or digit"
        }
    }
}
