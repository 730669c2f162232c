import ChannelLog
import Foundation
import SigV4

@testable import IAMClient

/// An HTTP transport whose answers a test scripts; it records every request it is sent.
actor CredentialScriptedTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest) async throws(TransportError) -> HTTPResponse

    private let handler: Handler
    private(set) var requests: [HTTPRequest] = []

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        requests.append(request)
        return try await handler(request)
    }

    /// A transport that fails every request as a refused connection; for tests that must make
    /// no call or expect none to succeed.
    static func refusing() -> CredentialScriptedTransport {
        CredentialScriptedTransport { request throws(TransportError) in
            throw TransportError(kind: .connect, endpoint: request.url.host ?? "?", message: "connection refused")
        }
    }

    /// A transport that answers nothing until cancelled, or until `silence` has passed.
    static func silent(for silence: Duration = .seconds(60)) -> CredentialScriptedTransport {
        CredentialScriptedTransport { request throws(TransportError) in
            do {
                try await Task.sleep(for: silence)
            } catch {
                throw TransportError(kind: .timeout, endpoint: request.url.host ?? "?", message: "cancelled")
            }
            return HTTPResponse(status: 599)
        }
    }
}

extension HTTPRequest {
    /// The body as text.
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first header of that name, compared without case.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension HTTPResponse {
    /// A response with a text body.
    static func text(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(body.utf8))
    }
}

/// A clock a test moves by hand.
final class CredentialTestClock: @unchecked Sendable {
    // Unchecked: `now` is only touched under `lock`.
    private let lock = NSLock()
    private var now: Date

    init(_ start: Date) {
        now = start
    }

    func advance(by seconds: TimeInterval) {
        lock.withLock { now = now.addingTimeInterval(seconds) }
    }

    var read: @Sendable () -> Date {
        { [self] in lock.withLock { now } }
    }
}

/// A log handler that keeps every record for inspection.
final class CredentialLogCapture: LogHandler, @unchecked Sendable {
    // Unchecked: `records` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [LogRecord] = []

    func write(_ record: LogRecord) {
        lock.withLock { stored.append(record) }
    }

    var records: [LogRecord] { lock.withLock { stored } }

    /// Every record as one line of text: message and metadata.
    var text: String {
        records.map { record in
            ([record.message] + record.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: " ")
        }
        .joined(separator: "\n")
    }
}

/// Builders for the inputs of configuration and credential resolution.
enum CredentialFixture {
    static let home = "/home/tester"
    static let configPath = "/home/tester/.aws/config"
    static let credentialsPath = "/home/tester/.aws/credentials"
    /// 2026-01-01T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// An environment with these variables and files (path to text); other files are absent.
    static func environment(
        _ variables: [String: String] = [:],
        files: [String: String] = [:]
    ) -> ConfigurationEnvironment {
        ConfigurationEnvironment(variables: variables, homeDirectory: home) { path throws(ConfigurationError) in
            files[path]
        }
    }

    /// An environment whose shared config and credentials files hold these texts.
    static func environment(
        _ variables: [String: String] = [:],
        config: String? = nil,
        credentials: String? = nil,
        otherFiles: [String: String] = [:]
    ) -> ConfigurationEnvironment {
        var files = otherFiles
        files[configPath] = config
        files[credentialsPath] = credentials
        return environment(variables, files: files)
    }

    /// A signer that marks the request with the access key id it was signed with, the scope
    /// and the time, instead of a real signature.
    static let markingSigner: STSRequestSigner = { request, credentials, region, service, date in
        var signed = request
        signed.headers.append(
            (
                name: "Authorization",
                value:
                    "test-signature \(credentials.accessKeyID)/\(region)/\(service) at \(Int(date.timeIntervalSince1970))"
            )
        )
        return signed
    }

    /// Services with transports that refuse every call, a fixed clock and no logging.
    static func services(
        transport: any HTTPTransport = CredentialScriptedTransport.refusing(),
        metadataTransport: any HTTPTransport = CredentialScriptedTransport.refusing(),
        roleAssumer: (any RoleAssumer)? = nil,
        clock: @escaping @Sendable () -> Date = { CredentialFixture.start },
        logger: Logger = .disabled,
        metadataTimeout: Duration = .seconds(1)
    ) -> CredentialServices {
        CredentialServices(
            transport: transport,
            metadataTransport: metadataTransport,
            signer: markingSigner,
            clock: clock,
            logger: logger,
            metadataTimeout: metadataTimeout,
            containerTimeout: metadataTimeout,
            roleAssumer: roleAssumer
        )
    }

    /// Resolves configuration and credentials from these inputs.
    static func resolve(
        _ environment: ConfigurationEnvironment,
        options: ConfigurationOptions = ConfigurationOptions(),
        services: CredentialServices = CredentialFixture.services()
    ) throws(ConfigurationError) -> ResolvedAWSConfiguration {
        try ResolvedAWSConfiguration.resolve(options: options, environment: environment, services: services)
    }

    /// The description of the error `body` throws, or a note that it threw none.
    static func errorText(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    /// The description of the `ConfigurationError` `body` throws, or a note that it threw none.
    static func configurationErrorText(_ body: () throws(ConfigurationError) -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return error.description
        }
    }
}

/// A role assumer that records its calls and answers with credentials derived from the role.
actor CredentialRecordingAssumer: RoleAssumer {
    struct Call: Equatable {
        var action: String
        var roleARN: String
        var sessionName: String
        /// The access key id of the source credentials, or the token for web identity.
        var proof: String
    }

    private(set) var calls: [Call] = []
    private let expiration: Date

    init(expiration: Date = CredentialFixture.start.addingTimeInterval(3600)) {
        self.expiration = expiration
    }

    func assumeRole(_ request: AssumeRoleRequest, using credentials: AWSCredentials) async throws
        -> TemporaryCredentials
    {
        calls.append(
            Call(
                action: "AssumeRole", roleARN: request.roleARN, sessionName: request.sessionName,
                proof: credentials.accessKeyID))
        return answer(for: request.roleARN)
    }

    func assumeRoleWithWebIdentity(_ request: AssumeRoleRequest, token: String) async throws -> TemporaryCredentials {
        calls.append(
            Call(
                action: "AssumeRoleWithWebIdentity", roleARN: request.roleARN, sessionName: request.sessionName,
                proof: token)
        )
        return answer(for: request.roleARN)
    }

    private func answer(for roleARN: String) -> TemporaryCredentials {
        let name = roleARN.split(separator: "/").last.map(String.init) ?? roleARN
        return TemporaryCredentials(
            credentials: AWSCredentials(
                accessKeyID: "ASIA-\(name)", secretAccessKey: "secret-\(name)", sessionToken: "token-\(name)"),
            expiration: expiration
        )
    }
}
