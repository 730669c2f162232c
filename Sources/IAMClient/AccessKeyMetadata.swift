public import Foundation

/// An access key as `ListAccessKeys` returns it: everything but the secret.
public struct AccessKeyMetadata: Sendable, Equatable {
    /// The user the key belongs to.
    public var userName: String
    /// The access key id (`AKIA...`); not a secret.
    public var accessKeyID: String
    /// Whether the key can sign requests.
    public var status: AccessKeyStatus
    /// When the key was created.
    public var createDate: Date

    /// Creates a metadata value.
    public init(userName: String, accessKeyID: String, status: AccessKeyStatus, createDate: Date) {
        self.userName = userName
        self.accessKeyID = accessKeyID
        self.status = status
        self.createDate = createDate
    }
}

extension AccessKeyMetadata {
    /// Reads an `<AccessKey>` or key `<member>` element, ignoring any secret in it.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        let statusText = try response.requiredText("Status", in: element)
        guard let status = AccessKeyStatus(rawValue: statusText) else {
            throw response.invalid("<Status> in <\(element.name)> is neither Active nor Inactive: '\(statusText)'")
        }
        self.init(
            userName: try response.requiredText("UserName", in: element),
            accessKeyID: try response.requiredText("AccessKeyId", in: element),
            status: status,
            createDate: try response.requiredDate("CreateDate", in: element))
    }
}
