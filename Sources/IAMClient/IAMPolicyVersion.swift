public import Foundation

/// One version of a managed policy.
public struct IAMPolicyVersion: Sendable, Equatable {
    /// The version id (`v1`, `v2`, ...).
    public var versionID: String
    /// Whether this version is the one in effect.
    public var isDefaultVersion: Bool
    /// The policy document as JSON text, URL-decoded; `nil` where AWS omits it
    /// (`ListPolicyVersions` on AWS).
    public var document: String?
    /// When the version was created.
    public var createDate: Date

    /// Creates a version value.
    public init(versionID: String, isDefaultVersion: Bool, document: String?, createDate: Date) {
        self.versionID = versionID
        self.isDefaultVersion = isDefaultVersion
        self.document = document
        self.createDate = createDate
    }
}

extension IAMPolicyVersion {
    /// Reads a `<PolicyVersion>` or version `<member>` element.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            versionID: try response.requiredText("VersionId", in: element),
            isDefaultVersion: try response.bool("IsDefaultVersion", in: element, default: false),
            document: element.child("Document") == nil ? nil : try response.policyDocument("Document", in: element),
            createDate: try response.requiredDate("CreateDate", in: element))
    }
}
