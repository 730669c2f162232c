/// Who the credentials belong to, as `sts:GetCallerIdentity` returns it.
public struct CallerIdentity: Sendable, Equatable {
    /// The 12-digit account id.
    public var account: String
    /// The ARN of the calling user or assumed role.
    public var arn: String
    /// The unique id of the caller.
    public var userID: String

    /// Creates a value.
    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

extension CallerIdentity {
    /// Reads a `GetCallerIdentity` result.
    init(result: XMLElementNode, in response: AWSResponse) throws(IAMError) {
        self.init(
            account: try response.requiredText("Account", in: result),
            arn: try response.requiredText("Arn", in: result),
            userID: try response.requiredText("UserId", in: result))
    }
}
