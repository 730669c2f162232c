/// An access key of a user as observed: `ListAccessKeys`, then `GetAccessKeyLastUsed`.
///
/// Holds no secret: IAM shows a secret only in the answer to `CreateAccessKey`.
public struct LiveAccessKey: Sendable, Equatable {
    /// Whether the key can sign requests, spelt as IAM spells it.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case active = "Active"
        case inactive = "Inactive"
    }

    /// When the key last signed a request, as `GetAccessKeyLastUsed` tells.
    public enum LastUse: Sendable, Equatable {
        /// IAM has no record of a use (AWS leaves out `LastUsedDate`).
        case never
        /// The key's last use.
        case at(Timestamp)
    }

    /// The access key id (`AKIA...`); not a secret.
    public var id: String
    public var status: Status
    /// `CreateDate` as IAM returned it.
    public var createDate: Timestamp
    /// The last use; nil until read.
    public var lastUse: LastUse?

    /// Creates a key record.
    public init(id: String, status: Status, createDate: Timestamp, lastUse: LastUse? = nil) {
        self.id = id
        self.status = status
        self.createDate = createDate
        self.lastUse = lastUse
    }

    /// Whether the key can sign requests.
    public var isActive: Bool { status == .active }

    /// Orders keys oldest first, then by id, so that equal sets give equal lists.
    static func isOrderedBefore(_ lhs: LiveAccessKey, _ rhs: LiveAccessKey) -> Bool {
        (lhs.createDate, lhs.id) < (rhs.createDate, rhs.id)
    }
}
