/// Whether an access key can sign requests.
public enum AccessKeyStatus: String, Sendable, Equatable, CaseIterable {
    /// The key works.
    case active = "Active"
    /// The key is refused by AWS but kept.
    case inactive = "Inactive"
}
