import ChannelLog
import Foundation
import IAMClient
import SigV4
import Synchronization

/// Reads fixture files bundled with the tests.
enum Fixtures {
    static func url(_ name: String) -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("missing fixture \(name)")
        }
        return url
    }

    static func text(_ name: String) -> String {
        guard let text = try? String(contentsOf: url(name), encoding: .utf8) else {
            fatalError("unreadable fixture \(name)")
        }
        return text
    }
}

/// Always returns the same credentials.
struct FixedCredentials: CredentialProvider {
    var value: AWSCredentials

    init(_ value: AWSCredentials = TestCredentials.example) {
        self.value = value
    }

    func credentials() async throws -> AWSCredentials { value }
}

enum TestCredentials {
    /// AWS's published example key pair.
    static let example = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
}

/// Records the waits a client asks for instead of sleeping.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.waits.withLock { $0.append(duration) } }
    }
}

/// Collects log records in memory.
final class CapturingLogHandler: LogHandler {
    private let records = Mutex<[LogRecord]>([])

    func write(_ record: LogRecord) {
        records.withLock { $0.append(record) }
    }

    var all: [LogRecord] { records.withLock { $0 } }

    /// Every record as the text the stream handler would print, metadata included.
    var text: String {
        all.map { record in
            let metadata = record.metadata.keys.sorted().map { "\($0)=\(record.metadata[$0] ?? "")" }
            return "\(record.level) \(record.label) \(metadata.joined(separator: " ")) \(record.message)"
        }.joined(separator: "\n")
    }
}

/// Builds clients for scripted tests: no real sleeping, fixed jitter 0.5.
func makeScriptedIAM(
    _ transport: ScriptedTransport,
    maxAttempts: Int = 3,
    sleeper: SleepRecorder = SleepRecorder(),
    retryQuota: RetryQuota = RetryQuota(),
    logger: Logger = .disabled
) -> IAMService {
    let configuration = AWSClient.Configuration.iam(
        endpoint: URL(string: "https://iam.scripted.test/"), retryPolicy: RetryPolicy(maxAttempts: maxAttempts))
    let client = AWSClient(
        configuration: configuration, transport: transport, credentials: FixedCredentials(), retryQuota: retryQuota,
        logger: logger,
        sleep: sleeper.sleep, jitter: { 0.5 }, now: { Date(timeIntervalSince1970: 1_773_480_413) })
    return IAMService(client: client)
}

/// A UTC date from its parts, for expectations.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    return calendar.date(from: components) ?? Date.distantPast
}
