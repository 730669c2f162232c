public import Foundation

/// Fetches the credentials of the IAM role attached to an EC2 instance through IMDSv2.
///
/// Three calls, each with its own deadline: `PUT /latest/api/token` for a session token, `GET
/// /latest/meta-data/iam/security-credentials/` for the role's name, then `GET` of that name for
/// the credential document. Every failure throws `CredentialError.instanceMetadata`, whose
/// problem sentence also serves as the reason in the list of sources looked at.
///
/// Limitation: there is no fallback to IMDSv1 (no session token), so where the token request
/// fails, for example from a container behind a hop limit of 1, no credentials come from here.
public struct InstanceMetadataCredentialSource: TemporaryCredentialSource {
    /// The service's base URL, `http://169.254.169.254` unless overridden.
    public var endpoint: URL
    private let transport: any HTTPTransport
    private let timeout: Duration

    /// Makes a source for the service at `endpoint`; each call may take at most `timeout`.
    public init(endpoint: URL, transport: any HTTPTransport, timeout: Duration) {
        self.endpoint = endpoint
        self.transport = transport
        self.timeout = timeout
    }

    /// Fetches new credentials; see the type for the calls made and the errors thrown.
    public func fetchCredentials() async throws -> TemporaryCredentials {
        let tokenResponse = try await call(
            "PUT",
            "latest/api/token",
            header: ("X-aws-ec2-metadata-token-ttl-seconds", "21600")
        )
        guard tokenResponse.status == 200 else {
            throw problem("HTTP \(tokenResponse.status) to the session token request")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenHeader = ("X-aws-ec2-metadata-token", token)

        let rolePath = "latest/meta-data/iam/security-credentials/"
        let roleResponse = try await call("GET", rolePath, header: tokenHeader)
        guard roleResponse.status != 404 else {
            throw problem("no IAM role is attached to this instance")
        }
        guard roleResponse.status == 200 else {
            throw problem("HTTP \(roleResponse.status) to the role name request")
        }
        let role =
            String(decoding: roleResponse.body, as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        // Checked before it is used in a URL or a message, so an odd answer is never echoed.
        guard isRoleName(role) else {
            throw problem("the role name request answered something that is not an IAM role name")
        }

        let credentialResponse = try await call("GET", rolePath + role, header: tokenHeader)
        guard credentialResponse.status == 200 else {
            throw problem("HTTP \(credentialResponse.status) to the credentials request of role '\(role)'")
        }
        switch MetadataHTTP.credentials(fromJSON: credentialResponse.body) {
        case .success(let credentials):
            return credentials
        case .failure(let documentProblem):
            throw problem("the credentials of role '\(role)': \(documentProblem.text)")
        }
    }

    private func call(_ method: String, _ path: String, header: (String, String)) async throws -> HTTPResponse {
        let request = HTTPRequest(
            method: method,
            url: endpoint.appending(path: path),
            headers: [(name: header.0, value: header.1)]
        )
        do {
            return try await MetadataHTTP.send(request, over: transport, timeout: timeout)
        } catch MetadataHTTP.Failure.timedOut {
            throw problem("no answer from \(endpoint.absoluteString) within \(MetadataHTTP.text(of: timeout))")
        } catch MetadataHTTP.Failure.transport(let error) {
            throw problem("no answer from \(error)")
        }
    }

    /// Whether `text` is a valid IAM role name: 1 to 64 of letters, digits and `+=,.@_-`.
    private func isRoleName(_ text: String) -> Bool {
        (1...64).contains(text.count)
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "+=,.@_-".unicodeScalars.contains(scalar))
            }
    }

    private func problem(_ text: String) -> CredentialError {
        .instanceMetadata(problem: text)
    }
}
