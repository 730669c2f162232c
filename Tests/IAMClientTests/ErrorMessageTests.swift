import IAMClient
import Testing

@Suite("the exact text of every error message")
struct ErrorMessageTests {
    static let transport = TransportError(
        kind: .connectionReset, endpoint: "iam.amazonaws.com",
        message: "connection dropped: Empty reply from server (curl 52)")

    static let cases: [(IAMError, String)] = [
        (
            IAMError(
                action: "CreateUser", resource: "user=alice",
                reason: .service(
                    AWSServiceError(
                        code: .entityAlreadyExists, message: "User with name alice already exists.", httpStatus: 409,
                        requestID: "4f1c9ab2-0000")), attempts: 1),
            "CreateUser user=alice: EntityAlreadyExists: User with name alice already exists. "
                + "(HTTP 409, request id 4f1c9ab2-0000)"
        ),
        (
            IAMError(
                action: "PutUserPolicy", resource: "user=alice policy=s3-read",
                reason: .service(
                    AWSServiceError(code: .malformedPolicyDocument, message: "", httpStatus: 400, requestID: nil)),
                attempts: 1),
            "PutUserPolicy user=alice policy=s3-read: MalformedPolicyDocument (HTTP 400, no request id)"
        ),
        (
            IAMError(
                action: "GetUser", resource: "user=alice",
                reason: .service(
                    AWSServiceError(code: .throttling, message: "Rate exceeded", httpStatus: 400, requestID: "r3")),
                attempts: 3, isRetryExhausted: true),
            "GetUser user=alice: Throttling: Rate exceeded (HTTP 400, request id r3); gave up after 3 attempts"
        ),
        (
            IAMError(
                action: "GetUser", resource: "user=alice",
                reason: .service(
                    AWSServiceError(code: .throttling, message: "Rate exceeded", httpStatus: 400, requestID: "r4")),
                attempts: 1, isRetryExhausted: true),
            "GetUser user=alice: Throttling: Rate exceeded (HTTP 400, request id r4); gave up after 1 attempt"
        ),
        (
            IAMError(
                action: "ListUsers", resource: "path=/", reason: .transport(transport), attempts: 3,
                isRetryExhausted: true),
            "ListUsers path=/: no response from iam.amazonaws.com: connection dropped: Empty reply from server "
                + "(curl 52); gave up after 3 attempts"
        ),
        (
            IAMError(action: "CreatePolicy", resource: "policy=p", reason: .outcomeUnknown(transport), attempts: 1),
            "CreatePolicy policy=p: outcome unknown: the connection to iam.amazonaws.com failed after the "
                + "request was sent (connection dropped: Empty reply from server (curl 52)), so AWS may have "
                + "applied it; read the resource to see whether the change was made, then run again"
        ),
        (
            IAMError(
                action: "GetCallerIdentity", resource: "",
                reason: .invalidResponse(
                    status: 200, requestID: "abc", reason: "<GetCallerIdentityResult> has no <Account>"),
                attempts: 1),
            "GetCallerIdentity: unreadable response (HTTP 200, request id abc): <GetCallerIdentityResult> "
                + "has no <Account>"
        ),
        (
            IAMError(
                action: "GetUser", resource: "user=a",
                reason: .credentials("no credentials found; looked at: environment"), attempts: 0),
            "GetUser user=a: no credentials to sign the request: no credentials found; looked at: environment"
        ),
        (
            IAMError(
                action: "GetUser", resource: "user=a",
                reason: .invalidRequest("the endpoint URL file:/ has no host name"), attempts: 0),
            "GetUser user=a: could not build the request: the endpoint URL file:/ has no host name"
        ),
        (
            IAMError(action: "DeleteUser", resource: "user=a", reason: .cancelled, attempts: 1),
            "DeleteUser user=a: cancelled before a response arrived"
        ),
    ]

    @Test("message", arguments: cases)
    func message(error: IAMError, expected: String) {
        #expect(error.description == expected)
    }

    @Test("every classified code round-trips to AWS's spelling")
    func codes() {
        let spellings = [
            "NoSuchEntity", "EntityAlreadyExists", "LimitExceeded", "DeleteConflict", "MalformedPolicyDocument",
            "InvalidInput", "Throttling", "ServiceFailure", "AccessDenied", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "ExpiredToken", "ConcurrentModification",
        ]
        #expect(spellings.map { AWSErrorCode($0).code } == spellings)
        #expect(AWSErrorCode("ConcurrentModification") == .other("ConcurrentModification"))
        #expect(AWSErrorCode("SignatureDoesNotMatch") == .signatureDoesNotMatch)
    }
}
