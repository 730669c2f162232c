public import Foundation

/// Fetches credentials from the container credential endpoint of ECS, EKS Pod Identity or a
/// local stand-in.
///
/// One `GET` of `url` with a deadline, sending the authorization token when one is configured:
/// the token file is read on every fetch, because the platform rotates it. Every failure throws
/// `CredentialError.container`.
public struct ContainerCredentialSource: TemporaryCredentialSource {
    /// The full credentials URL.
    public var url: URL
    private let authorizationToken: String?
    private let authorizationTokenFile: String?
    private let readFile: @Sendable (String) throws(ConfigurationError) -> String?
    private let transport: any HTTPTransport
    private let timeout: Duration

    /// Makes a source for `url`; a token file, when named, wins over a token given directly.
    public init(
        url: URL,
        authorizationToken: String?,
        authorizationTokenFile: String?,
        readFile: @escaping @Sendable (String) throws(ConfigurationError) -> String?,
        transport: any HTTPTransport,
        timeout: Duration
    ) {
        self.url = url
        self.authorizationToken = authorizationToken
        self.authorizationTokenFile = authorizationTokenFile
        self.readFile = readFile
        self.transport = transport
        self.timeout = timeout
    }

    /// Fetches new credentials; see the type for the calls made and the errors thrown.
    public func fetchCredentials() async throws -> TemporaryCredentials {
        var request = HTTPRequest(method: "GET", url: url)
        if let token = try authorization() {
            request.headers.append((name: "Authorization", value: token))
        }

        let response: HTTPResponse
        do {
            response = try await MetadataHTTP.send(request, over: transport, timeout: timeout)
        } catch MetadataHTTP.Failure.timedOut {
            throw problem("no answer within \(MetadataHTTP.text(of: timeout))")
        } catch MetadataHTTP.Failure.transport(let error) {
            throw problem("no answer from \(error)")
        }
        guard response.status == 200 else {
            throw problem("HTTP \(response.status)")
        }
        switch MetadataHTTP.credentials(fromJSON: response.body) {
        case .success(let credentials):
            return credentials
        case .failure(let documentProblem):
            throw problem(documentProblem.text)
        }
    }

    /// The token to send, from the file when one is named.
    private func authorization() throws(CredentialError) -> String? {
        let token: String?
        if let path = authorizationTokenFile {
            token = try TokenFile.read(path, setting: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", with: readFile)
        } else {
            token = authorizationToken
        }
        // A line break would let the token end the header and inject another.
        if let token, token.contains(where: \.isNewline) {
            throw problem("the authorization token contains a line break; fix the token's source")
        }
        return token
    }

    private func problem(_ text: String) -> CredentialError {
        .container(url: url.absoluteString, problem: text)
    }
}
