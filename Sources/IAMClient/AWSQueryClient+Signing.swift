import Foundation
import SigV4

extension AWSQueryClient {
    /// Builds the HTTP request for one attempt and signs it with `credentials`.
    ///
    /// The `host` header is set explicitly (with the port when it is not the scheme's default)
    /// so that what is signed is exactly what the transport sends.
    func signedRequest(
        for request: QueryRequest, credentials: AWSCredentials, attempts: Int
    ) throws(IAMError) -> HTTPRequest {
        let url = configuration.endpoint
        guard let host = url.host, !host.isEmpty else {
            throw IAMError(
                action: request.action, resource: request.resource,
                reason: .invalidRequest("the endpoint URL has no host name"), attempts: attempts)
        }
        let hostHeader = url.port.map { port in
            (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80) ? host : "\(host):\(port)"
        } ?? host
        let body = request.formBody(version: configuration.apiVersion)
        var headers: [(name: String, value: String)] = [
            ("host", hostHeader),
            ("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
        ]
        headers.append(
            contentsOf: signatureHeaders(method: "POST", url: url, headers: headers, body: body, credentials: credentials))
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body)
    }

    /// The headers that sign the request: `x-amz-date`, `authorization` and, for temporary
    /// credentials, `x-amz-security-token`.
    private func signatureHeaders(
        method: String, url: URL, headers: [(name: String, value: String)], body: [UInt8], credentials: AWSCredentials
    ) -> [(name: String, value: String)] {
        let stamp = Self.amzDate(now())
        let scope = "\(stamp.prefix(8))/\(configuration.signingRegion)/\(configuration.service)/aws4_request"
        var added: [(name: String, value: String)] = [("x-amz-date", stamp)]
        added.append(
            ("authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                    + "SignedHeaders=content-type;host;x-amz-date, Signature=unsigned"))
        if let token = credentials.sessionToken {
            added.append(("x-amz-security-token", token))
        }
        return added
    }

    private static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))"
            + "\(two(parts.second))Z"
    }
}
