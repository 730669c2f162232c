/// Which entity kinds `GetAccountAuthorizationDetails` returns (its `Filter` parameter).
public enum AccountAuthorizationFilter: String, Sendable, CaseIterable {
    /// Users.
    case user = "User"
    /// Roles (returned by AWS, not decoded).
    case role = "Role"
    /// Groups.
    case group = "Group"
    /// Customer managed policies.
    case localManagedPolicy = "LocalManagedPolicy"
    /// AWS managed policies.
    case awsManagedPolicy = "AWSManagedPolicy"
}
