public import Foundation

/// An IAM group as `CreateGroup` and `ListGroupsForUser` return it.
public struct IAMGroup: Sendable, Equatable {
    /// The group's name.
    public var groupName: String
    /// The path, `/` by default.
    public var path: String
    /// AWS's stable id for the group (`AGPA...`).
    public var groupID: String
    /// The group's ARN.
    public var arn: String
    /// When the group was created.
    public var createDate: Date

    /// Creates a group value.
    public init(groupName: String, path: String, groupID: String, arn: String, createDate: Date) {
        self.groupName = groupName
        self.path = path
        self.groupID = groupID
        self.arn = arn
        self.createDate = createDate
    }
}

extension IAMGroup {
    /// Reads a `<Group>` or group `<member>` element.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            groupName: try response.requiredText("GroupName", in: element),
            path: element.childText("Path") ?? "/",
            groupID: try response.requiredText("GroupId", in: element),
            arn: try response.requiredText("Arn", in: element),
            createDate: try response.requiredDate("CreateDate", in: element))
    }
}
