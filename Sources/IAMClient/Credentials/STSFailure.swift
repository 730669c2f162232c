/// An STS call that STS refused or answered unexpectedly.
public struct STSFailure: Sendable, Equatable, CustomStringConvertible {
    /// `AssumeRole` or `AssumeRoleWithWebIdentity`.
    public var action: String
    /// The role that was to be assumed.
    public var roleARN: String
    /// The HTTP status of the answer.
    public var status: Int
    /// STS's error code, such as `AccessDenied`; `nil` when the body was not an error document.
    public var code: String?
    /// STS's explanation, when it gave one.
    public var message: String?
    /// The request id from the body or the `x-amzn-RequestId` header.
    public var requestID: String?

    /// Records one failed call.
    public init(action: String, roleARN: String, status: Int, code: String?, message: String?, requestID: String?) {
        self.action = action
        self.roleARN = roleARN
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// Action, role, code, message, status and request id, with advice for common codes.
    public var description: String {
        var text = "sts:\(action) of \(roleARN) failed: "
        if let code {
            text += code + (message.map { ": \($0)" } ?? "")
        } else {
            text += "the answer is not an STS error document"
        }
        text += " (HTTP \(status)" + (requestID.map { ", request id \($0)" } ?? "") + ")"
        if let advice {
            text += "; \(advice)"
        }
        return text
    }

    private var advice: String? {
        switch code {
        case "AccessDenied":
            return action == "AssumeRole"
                ? "check that the role's trust policy allows the source identity to assume it"
                : "check that the role's trust policy allows this identity provider and token audience"
        case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException":
            return "check the source credentials' access key and secret"
        case "ExpiredToken", "ExpiredTokenException":
            return "the source credentials or token have expired; renew them"
        case "InvalidIdentityToken", "IDPRejectedClaim":
            return "check the identity provider's registration in IAM and the token's audience"
        default:
            return nil
        }
    }
}
