/// An error response from AWS: its code and message, the HTTP status and the request id.
///
/// `description` reads `EntityAlreadyExists: User alice already exists (HTTP 409, request id
/// 4f1c...)`; `IAMError` puts the action and resource in front of it.
public struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code, classified.
    public var code: AWSErrorCode
    /// AWS's message, as sent; empty when the response had none.
    public var message: String
    /// The HTTP status of the response.
    public var httpStatus: Int
    /// The request id from the body or the `x-amzn-RequestId` header, when there was one.
    public var requestID: String?

    /// Creates the error.
    public init(code: AWSErrorCode, message: String, httpStatus: Int, requestID: String?) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
    }

    /// `Code: message (HTTP status, request id id)`.
    public var description: String {
        let text = message.isEmpty ? code.code : "\(code.code): \(message)"
        let request = requestID.map { ", request id \($0)" } ?? ", no request id"
        return "\(text) (HTTP \(httpStatus)\(request))"
    }
}
