public import Foundation

/// A managed policy with all its versions, from `GetAccountAuthorizationDetails`.
///
/// AWS always sends `PolicyName` and `PolicyId`; the emulator sends neither, so the name is
/// taken from the ARN when missing and the id is then `nil`.
public struct ManagedPolicyDetail: Sendable, Equatable {
    /// The policy's name.
    public var policyName: String
    /// AWS's stable id for the policy, when the response carried it.
    public var policyID: String?
    /// The policy's ARN.
    public var arn: String
    /// The path, `/` by default.
    public var path: String
    /// The version in effect.
    public var defaultVersionID: String
    /// How many users, groups and roles the policy is attached to.
    public var attachmentCount: Int
    /// The description given at creation, if any.
    public var description: String?
    /// When the policy was created.
    public var createDate: Date
    /// When the policy last changed.
    public var updateDate: Date?
    /// Every version, with its URL-decoded document.
    public var versions: [IAMPolicyVersion]

    /// Creates a value.
    public init(
        policyName: String, policyID: String?, arn: String, path: String, defaultVersionID: String,
        attachmentCount: Int, description: String?, createDate: Date, updateDate: Date?, versions: [IAMPolicyVersion]
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
        self.versions = versions
    }

    /// The document of the default version, when the response held it.
    public var defaultDocument: String? {
        versions.first { $0.versionID == defaultVersionID }?.document
    }
}

extension ManagedPolicyDetail {
    /// Reads a `Policies` `<member>`, leniently: name and id may be missing.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        let arn = try response.requiredText("Arn", in: element)
        var versions: [IAMPolicyVersion] = []
        for member in element.members(of: "PolicyVersionList") {
            versions.append(try IAMPolicyVersion(member, in: response))
        }
        self.init(
            policyName: element.childText("PolicyName") ?? IAMARN.lastComponent(of: arn),
            policyID: element.childText("PolicyId"),
            arn: arn,
            path: element.childText("Path") ?? "/",
            defaultVersionID: try response.requiredText("DefaultVersionId", in: element),
            attachmentCount: try response.int("AttachmentCount", in: element, default: 0),
            description: element.childText("Description"),
            createDate: try response.requiredDate("CreateDate", in: element),
            updateDate: try response.optionalDate("UpdateDate", in: element),
            versions: versions)
    }
}
