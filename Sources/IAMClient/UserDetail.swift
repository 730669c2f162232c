/// A user with everything attached to it, from `GetAccountAuthorizationDetails`.
public struct UserDetail: Sendable, Equatable {
    /// The user, with its tags.
    public var user: IAMUser
    /// Managed policies attached to the user directly.
    public var attachedManagedPolicies: [AttachedPolicy]
    /// Inline policies embedded in the user, with their documents.
    public var inlinePolicies: [InlinePolicy]
    /// Names of the groups the user belongs to.
    public var groupNames: [String]

    /// Creates a value.
    public init(
        user: IAMUser, attachedManagedPolicies: [AttachedPolicy] = [], inlinePolicies: [InlinePolicy] = [],
        groupNames: [String] = []
    ) {
        self.user = user
        self.attachedManagedPolicies = attachedManagedPolicies
        self.inlinePolicies = inlinePolicies
        self.groupNames = groupNames
    }
}

extension UserDetail {
    /// Reads a `UserDetailList` `<member>`.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        var attached: [AttachedPolicy] = []
        for member in element.members(of: "AttachedManagedPolicies") {
            attached.append(try AttachedPolicy(member, in: response))
        }
        var inline: [InlinePolicy] = []
        for member in element.members(of: "UserPolicyList") {
            inline.append(try InlinePolicy(member, in: response))
        }
        self.init(
            user: try IAMUser(element, in: response),
            attachedManagedPolicies: attached,
            inlinePolicies: inline,
            groupNames: element.members(of: "GroupList").map(\.text))
    }
}
