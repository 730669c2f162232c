/// The error code in an AWS error response, with a case for each code channelops acts on.
///
/// Codes are matched exactly as AWS spells them; any other code is kept as `other`, so no
/// information is lost. `code` gives the spelling back.
public enum AWSErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The named user, policy, key or group does not exist.
    case noSuchEntity
    /// A user, policy or group of that name already exists.
    case entityAlreadyExists
    /// An account or resource quota was reached (for example a sixth policy version).
    case limitExceeded
    /// The resource still has dependents (for example a user with attached policies).
    case deleteConflict
    /// The policy document is not valid.
    case malformedPolicyDocument
    /// A parameter is not valid.
    case invalidInput
    /// The request rate is too high; retried with backoff.
    case throttling
    /// IAM failed internally; retried with backoff.
    case serviceFailure
    /// The credentials are not allowed to make the call.
    case accessDenied
    /// The access key id is unknown to AWS.
    case invalidClientTokenId
    /// The signature does not match: usually a wrong secret key.
    case signatureDoesNotMatch
    /// The session token has expired.
    case expiredToken
    /// Any other code, as AWS spelt it.
    case other(String)

    /// Classifies a code as AWS spells it.
    public init(_ code: String) {
        switch code {
        case "NoSuchEntity": self = .noSuchEntity
        case "EntityAlreadyExists": self = .entityAlreadyExists
        case "LimitExceeded": self = .limitExceeded
        case "DeleteConflict": self = .deleteConflict
        case "MalformedPolicyDocument": self = .malformedPolicyDocument
        case "InvalidInput": self = .invalidInput
        case "Throttling": self = .throttling
        case "ServiceFailure": self = .serviceFailure
        case "AccessDenied": self = .accessDenied
        case "InvalidClientTokenId": self = .invalidClientTokenId
        case "SignatureDoesNotMatch": self = .signatureDoesNotMatch
        case "ExpiredToken": self = .expiredToken
        default: self = .other(code)
        }
    }

    /// The code as AWS spells it.
    public var code: String {
        switch self {
        case .noSuchEntity: "NoSuchEntity"
        case .entityAlreadyExists: "EntityAlreadyExists"
        case .limitExceeded: "LimitExceeded"
        case .deleteConflict: "DeleteConflict"
        case .malformedPolicyDocument: "MalformedPolicyDocument"
        case .invalidInput: "InvalidInput"
        case .throttling: "Throttling"
        case .serviceFailure: "ServiceFailure"
        case .accessDenied: "AccessDenied"
        case .invalidClientTokenId: "InvalidClientTokenId"
        case .signatureDoesNotMatch: "SignatureDoesNotMatch"
        case .expiredToken: "ExpiredToken"
        case .other(let code): code
        }
    }

    /// The code as AWS spells it.
    public var description: String { code }
}
