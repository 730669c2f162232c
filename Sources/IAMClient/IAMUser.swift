public import Foundation

/// An IAM user as `CreateUser`, `GetUser` and `ListUsers` return it.
///
/// `ListUsers` returns no tags: there `tags` is empty whatever the user carries.
public struct IAMUser: Sendable, Equatable {
    /// The user's name, unique in the account.
    public var userName: String
    /// The path, `/` by default.
    public var path: String
    /// AWS's stable id for the user (`AIDA...`).
    public var userID: String
    /// The user's ARN.
    public var arn: String
    /// When the user was created.
    public var createDate: Date
    /// The user's tags, in AWS's order.
    public var tags: [IAMTag]

    /// Creates a user value.
    public init(userName: String, path: String, userID: String, arn: String, createDate: Date, tags: [IAMTag] = []) {
        self.userName = userName
        self.path = path
        self.userID = userID
        self.arn = arn
        self.createDate = createDate
        self.tags = tags
    }
}

extension IAMUser {
    /// Reads a `<User>` or user `<member>` element.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            userName: try response.requiredText("UserName", in: element),
            path: element.childText("Path") ?? "/",
            userID: try response.requiredText("UserId", in: element),
            arn: try response.requiredText("Arn", in: element),
            createDate: try response.requiredDate("CreateDate", in: element),
            tags: try response.tags(in: element))
    }
}
