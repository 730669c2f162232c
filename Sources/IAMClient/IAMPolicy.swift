public import Foundation

/// A customer managed policy as `CreatePolicy`, `GetPolicy` and `ListPolicies` return it.
///
/// `ListPolicies` returns no description and no tags.
public struct IAMPolicy: Sendable, Equatable {
    /// The policy's name, unique in the account.
    public var policyName: String
    /// AWS's stable id for the policy (`ANPA...`).
    public var policyID: String
    /// The policy's ARN.
    public var arn: String
    /// The path, `/` by default.
    public var path: String
    /// The version in effect (`v1`, `v2`, ...).
    public var defaultVersionID: String
    /// How many users, groups and roles the policy is attached to.
    public var attachmentCount: Int
    /// The description given at creation, if any; it cannot be changed later.
    public var description: String?
    /// When the policy was created.
    public var createDate: Date
    /// When the policy last changed (a new default version).
    public var updateDate: Date?
    /// The policy's tags, in AWS's order.
    public var tags: [IAMTag]

    /// Creates a policy value.
    public init(
        policyName: String, policyID: String, arn: String, path: String, defaultVersionID: String,
        attachmentCount: Int, description: String?, createDate: Date, updateDate: Date?, tags: [IAMTag] = []
    ) {
        self.policyName = policyName
        self.policyID = policyID
        self.arn = arn
        self.path = path
        self.defaultVersionID = defaultVersionID
        self.attachmentCount = attachmentCount
        self.description = description
        self.createDate = createDate
        self.updateDate = updateDate
        self.tags = tags
    }
}

extension IAMPolicy {
    /// Reads a `<Policy>` or policy `<member>` element.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            policyName: try response.requiredText("PolicyName", in: element),
            policyID: try response.requiredText("PolicyId", in: element),
            arn: try response.requiredText("Arn", in: element),
            path: element.childText("Path") ?? "/",
            defaultVersionID: try response.requiredText("DefaultVersionId", in: element),
            attachmentCount: try response.int("AttachmentCount", in: element, default: 0),
            description: element.childText("Description"),
            createDate: try response.requiredDate("CreateDate", in: element),
            updateDate: try response.optionalDate("UpdateDate", in: element),
            tags: try response.tags(in: element))
    }
}
