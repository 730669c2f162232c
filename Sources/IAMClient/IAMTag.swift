/// A tag on an IAM user or policy.
public struct IAMTag: Sendable, Hashable, CustomStringConvertible {
    /// The tag key (1–128 characters).
    public var key: String
    /// The tag value (0–256 characters).
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }
}
