/// One source of the credential chain and why it gave nothing.
public struct CredentialSourceReport: Sendable, Equatable, CustomStringConvertible {
    /// The source, such as `environment` or `profile 'default'`.
    public var source: String
    /// Why it had no credentials, such as `AWS_ACCESS_KEY_ID not set`.
    public var reason: String

    /// Records that `source` gave nothing, and why.
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    /// `source (reason)`, as listed in the no-credentials message.
    public var description: String { "\(source) (\(reason))" }
}
