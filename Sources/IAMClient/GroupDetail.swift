/// A group with its policies, from `GetAccountAuthorizationDetails`.
public struct GroupDetail: Sendable, Equatable {
    /// The group.
    public var group: IAMGroup
    /// Managed policies attached to the group.
    public var attachedManagedPolicies: [AttachedPolicy]
    /// Inline policies embedded in the group, with their documents.
    public var inlinePolicies: [InlinePolicy]

    /// Creates a value.
    public init(group: IAMGroup, attachedManagedPolicies: [AttachedPolicy] = [], inlinePolicies: [InlinePolicy] = []) {
        self.group = group
        self.attachedManagedPolicies = attachedManagedPolicies
        self.inlinePolicies = inlinePolicies
    }
}

extension GroupDetail {
    /// Reads a `GroupDetailList` `<member>`.
    init(_ element: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        var attached: [AttachedPolicy] = []
        for member in element.members(of: "AttachedManagedPolicies") {
            attached.append(try AttachedPolicy(member, in: response))
        }
        var inline: [InlinePolicy] = []
        for member in element.members(of: "GroupPolicyList") {
            inline.append(try InlinePolicy(member, in: response))
        }
        self.init(group: try IAMGroup(element, in: response), attachedManagedPolicies: attached, inlinePolicies: inline)
    }
}
