import Foundation
import SigV4
import Synchronization

extension AWSClient {
    /// Builds the HTTP request for one attempt and signs it with `credentials`.
    ///
    /// The `host` header is set explicitly (with the port when it is not the scheme's default)
    /// so that what is signed is exactly what the transport sends.
    func signedRequest(
        for request: AWSRequest, credentials: AWSCredentials, attempts: Int
    ) throws(IAMError) -> HTTPRequest {
        let url = configuration.endpoint
        guard let host = url.host, !host.isEmpty else {
            throw IAMError(
                action: request.action, resource: request.resource,
                reason: .invalidRequest("the endpoint URL \(url.absoluteString) has no host name"), attempts: attempts)
        }
        let isDefaultPort =
            url.port == nil || (url.scheme == "https" && url.port == 443)
            || (url.scheme == "http" && url.port == 80)
        let hostHeader = isDefaultPort ? host : "\(host):\(url.port ?? 0)"
        let body: [UInt8]
        var headers: [(name: String, value: String)] = [("Host", hostHeader)]
        switch configuration.wireProtocol {
        case .query:
            body = request.formBody(version: configuration.apiVersion)
            headers.append(("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"))
        case .json(let targetPrefix):
            body = request.jsonBody
            headers.append(("Content-Type", "application/x-amz-json-1.1"))
            headers.append(("X-Amz-Target", "\(targetPrefix).\(request.action)"))
        }
        let signer = signers.signer(
            for: credentials, region: configuration.signingRegion, service: configuration.service)
        do {
            headers += try signer.signingHeaders(
                method: "POST", url: url, headers: headers, payload: .bytes(body), date: now())
        } catch {
            throw IAMError(
                action: request.action, resource: request.resource, reason: .invalidRequest(error.description),
                attempts: attempts)
        }
        // Unsigned, so proxies may change it; it names the client in AWS CloudTrail.
        headers.append(("User-Agent", "channelops"))
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body)
    }
}

/// Keeps the signer for the current credentials, so its signing-key cache survives between
/// requests; a new signer is made when the provider returns different credentials.
final class SignerCache: Sendable {
    private let current = Mutex<SigV4Signer?>(nil)

    /// The signer for `credentials`, reused when they have not changed.
    func signer(for credentials: AWSCredentials, region: String, service: String) -> SigV4Signer {
        current.withLock { cached in
            if let signer = cached, signer.credentials == credentials, signer.region == region,
                signer.service == service
            {
                return signer
            }
            let signer = SigV4Signer(credentials: credentials, region: region, service: service)
            cached = signer
            return signer
        }
    }
}
