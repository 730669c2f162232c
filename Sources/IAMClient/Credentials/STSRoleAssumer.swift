public import Foundation
public import SigV4

/// Signs an HTTP request with SigV4 for a region and service at a moment, returning the request
/// with its authorization headers added.
public typealias STSRequestSigner =
    @Sendable (
        _ request: HTTPRequest,
        _ credentials: AWSCredentials,
        _ region: String,
        _ service: String,
        _ date: Date
    ) throws -> HTTPRequest

/// Assumes roles by calling STS's Query API over an `HTTPTransport`.
///
/// Each call is one form-encoded POST to `endpoint`: `AssumeRole` signed by `signer` with the
/// source credentials for `region` and service `sts`; `AssumeRoleWithWebIdentity` unsigned.
/// The answer's XML credentials are parsed, and an `ErrorResponse` becomes
/// `CredentialError.stsFailure`. Safe to call concurrently.
///
/// Limitation: calls are not retried, so a throttled or dropped STS call fails that credential
/// fetch; cached credentials still valid for over a minute cover it, and the next request asks
/// again.
public struct STSRoleAssumer: RoleAssumer {
    /// The STS endpoint requests are posted to.
    public var endpoint: URL
    /// The region `AssumeRole` is signed for.
    public var region: String
    private let transport: any HTTPTransport
    private let signer: STSRequestSigner
    private let clock: @Sendable () -> Date
    private let counter: APICallCounter?

    /// Makes an assumer; `clock` gives the signing time, and `counter`, when given, counts each
    /// call sent.
    public init(
        endpoint: URL,
        region: String,
        transport: any HTTPTransport,
        signer: @escaping STSRequestSigner,
        clock: @escaping @Sendable () -> Date,
        counter: APICallCounter? = nil
    ) {
        self.endpoint = endpoint
        self.region = region
        self.transport = transport
        self.signer = signer
        self.clock = clock
        self.counter = counter
    }

    /// Calls `sts:AssumeRole`; see `RoleAssumer`.
    public func assumeRole(_ request: AssumeRoleRequest, using credentials: AWSCredentials) async throws
        -> TemporaryCredentials
    {
        var parameters = [("RoleArn", request.roleARN), ("RoleSessionName", request.sessionName)]
        if let externalID = request.externalID {
            parameters.append(("ExternalId", externalID))
        }
        let unsigned = httpRequest(action: "AssumeRole", parameters: parameters, duration: request.durationSeconds)
        let signed: HTTPRequest
        do {
            signed = try signer(unsigned, credentials, region, "sts", clock())
        } catch {
            throw CredentialError.unexpectedResponse(
                source: "sts:AssumeRole of \(request.roleARN)",
                problem: "the request could not be signed: \(error)"
            )
        }
        return try await send(signed, action: "AssumeRole", roleARN: request.roleARN)
    }

    /// Calls `sts:AssumeRoleWithWebIdentity`; see `RoleAssumer`.
    public func assumeRoleWithWebIdentity(_ request: AssumeRoleRequest, token: String) async throws
        -> TemporaryCredentials
    {
        let parameters = [
            ("RoleArn", request.roleARN),
            ("RoleSessionName", request.sessionName),
            ("WebIdentityToken", token),
        ]
        let unsigned = httpRequest(
            action: "AssumeRoleWithWebIdentity",
            parameters: parameters,
            duration: request.durationSeconds
        )
        return try await send(unsigned, action: "AssumeRoleWithWebIdentity", roleARN: request.roleARN)
    }

    private func httpRequest(action: String, parameters: [(String, String)], duration: Int?) -> HTTPRequest {
        var all = [("Action", action), ("Version", "2011-06-15")] + parameters
        if let duration {
            all.append(("DurationSeconds", String(duration)))
        }
        let body = all.map { "\(formEncoded($0.0))=\(formEncoded($0.1))" }.joined(separator: "&")
        return HTTPRequest(
            method: "POST",
            url: endpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8)
        )
    }

    private func send(_ request: HTTPRequest, action: String, roleARN: String) async throws(CredentialError)
        -> TemporaryCredentials
    {
        let source = "sts:\(action) of \(roleARN)"
        counter?.record(action: action, isRetry: false)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .transport(source: source, error: error)
        }
        guard response.status == 200 else {
            let (code, message, requestID) = STSCredentialResponse.error(from: response.body)
            throw .stsFailure(
                STSFailure(
                    action: action,
                    roleARN: roleARN,
                    status: response.status,
                    code: code,
                    message: message,
                    requestID: requestID ?? response.header("x-amzn-RequestId")
                )
            )
        }
        return try STSCredentialResponse.credentials(from: response.body, action: action, source: source)
    }
}

/// `text` percent-encoded for a form body: everything but RFC 3986's unreserved characters.
private func formEncoded(_ text: String) -> String {
    var encoded = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"):
            encoded.append(Character(Unicode.Scalar(byte)))
        default:
            encoded += String(format: "%%%02X", byte)
        }
    }
    return encoded
}

extension STSRoleAssumer {
    /// Signs STS requests with `SigV4Signer`, replacing any `Host`, `X-Amz-Date`,
    /// `X-Amz-Security-Token` or `Authorization` header the request already has.
    public static let sigV4Signing: STSRequestSigner = { request, credentials, region, service, date in
        let signer = SigV4Signer(credentials: credentials, region: region, service: service)
        let added = try signer.signingHeaders(
            method: request.method,
            url: request.url,
            headers: request.headers,
            payload: .bytes(request.body),
            date: date
        )
        let replaced = Set(added.map { $0.name.lowercased() })
        var signed = request
        signed.headers = request.headers.filter { !replaced.contains($0.name.lowercased()) } + added
        return signed
    }
}
