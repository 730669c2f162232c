/// A managed policy attached to a user or group.
public struct AttachedPolicy: Sendable, Hashable {
    /// The policy's name.
    public var policyName: String
    /// The policy's ARN.
    public var policyARN: String

    /// Creates an attachment value.
    public init(policyName: String, policyARN: String) {
        self.policyName = policyName
        self.policyARN = policyARN
    }
}

extension AttachedPolicy {
    /// Reads an attached policy `<member>`; a missing name is taken from the ARN.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        let arn = try response.requiredText("PolicyArn", in: element)
        self.init(policyName: element.childText("PolicyName") ?? IAMARN.lastComponent(of: arn), policyARN: arn)
    }
}
