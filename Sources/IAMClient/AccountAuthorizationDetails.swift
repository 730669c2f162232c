/// The account's users, groups and local managed policies in one snapshot, as
/// `GetAccountAuthorizationDetails` returns them across all its pages.
///
/// Limitation: roles are not decoded (the `RoleDetailList` is skipped); channelops manages no
/// roles.
public struct AccountAuthorizationDetails: Sendable, Equatable {
    /// Users with their tags, attached policies, inline policies and groups.
    public var users: [UserDetail]
    /// Groups with their attached and inline policies.
    public var groups: [GroupDetail]
    /// Managed policies with every version and its document.
    public var policies: [ManagedPolicyDetail]

    /// Creates a value.
    public init(users: [UserDetail] = [], groups: [GroupDetail] = [], policies: [ManagedPolicyDetail] = []) {
        self.users = users
        self.groups = groups
        self.policies = policies
    }
}

extension AccountAuthorizationDetails {
    /// Appends the entities of one result page.
    mutating func append(page result: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        for member in result.members(of: "UserDetailList") {
            users.append(try UserDetail(member, in: response))
        }
        for member in result.members(of: "GroupDetailList") {
            groups.append(try GroupDetail(member, in: response))
        }
        for member in result.members(of: "Policies") {
            policies.append(try ManagedPolicyDetail(member, in: response))
        }
    }
}
