/// An inline policy embedded in a user or group.
public struct InlinePolicy: Sendable, Equatable {
    /// The policy's name, unique within its user or group.
    public var policyName: String
    /// The policy document as JSON text, URL-decoded.
    public var document: String

    /// Creates an inline policy value.
    public init(policyName: String, document: String) {
        self.policyName = policyName
        self.document = document
    }
}

extension InlinePolicy {
    /// Reads a `UserPolicyList` or `GroupPolicyList` `<member>`.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            policyName: try response.requiredText("PolicyName", in: element),
            document: try response.policyDocument("PolicyDocument", in: element))
    }
}
