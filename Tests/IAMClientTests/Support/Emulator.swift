import ChannelLog
import Foundation
import IAMClient
import SigV4
import Testing

/// The local IAM emulator started by `scripts/emulator.sh start`.
///
/// It is found through the variables of its environment file. Tests that need it are disabled,
/// with a reason, when it is absent.
enum Emulator {
    static let environment = ProcessInfo.processInfo.environment

    static let motoURL = environment["CHANNELOPS_TEST_MOTO_URL"].flatMap { URL(string: $0) }
    static let authMotoURL = environment["CHANNELOPS_TEST_AUTH_MOTO_URL"].flatMap { URL(string: $0) }
    static let authCredentials: AWSCredentials? = {
        guard let id = environment["CHANNELOPS_TEST_AUTH_ACCESS_KEY_ID"],
            let secret = environment["CHANNELOPS_TEST_AUTH_SECRET_ACCESS_KEY"]
        else {
            return nil
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret)
    }()
    static let tlsURL = environment["CHANNELOPS_TEST_TLS_URL"].flatMap { URL(string: $0) }
    static let caBundle = environment["CHANNELOPS_TEST_CA_BUNDLE"]

    static let isAvailable = motoURL != nil
    static let isAuthAvailable = authMotoURL != nil && authCredentials != nil
    static let isTLSAvailable = tlsURL != nil && caBundle != nil

    static let unavailableReason: Comment =
        "emulator not running: run scripts/emulator.sh start and export the variables in .build/emulator/env"

    /// A fresh name, so tests sharing one emulator never collide.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// An IAM service over libcurl at `url`; quick retries so failing tests stay fast.
    static func iam(
        _ url: URL?, credentials: AWSCredentials = TestCredentials.example, options: CurlTransport.Options = .init(),
        logger: Logger = .disabled
    ) throws -> IAMService {
        let transport = try CurlTransport(options: options)
        let configuration = AWSClient.Configuration.iam(
            endpoint: url, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)))
        return IAMService(
            client: AWSClient(
                configuration: configuration, transport: transport, credentials: FixedCredentials(credentials),
                logger: logger))
    }
}
