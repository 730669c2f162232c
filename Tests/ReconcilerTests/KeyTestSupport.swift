import AgeSeal
import ChannelCore
import ChannelLog
import Reconciler
import Synchronization

/// Receives sealed keys as the status commit would, and can be told to fail.
final class FakeDelivery: KeyDelivery {
    private let state = Mutex<(parcels: [SealedAccessKey], failure: String?)>(([], nil))

    var parcels: [SealedAccessKey] { state.withLock { $0.parcels } }

    /// Makes every later delivery fail with `message`; nil delivers again.
    func failing(_ message: String?) { state.withLock { $0.failure = message } }

    func deliver(_ key: SealedAccessKey) async throws(KeyDeliveryError) {
        let failure = state.withLock { state -> String? in
            if let failure = state.failure { return failure }
            state.parcels.append(key)
            return nil
        }
        if let failure { throw KeyDeliveryError(failure) }
    }
}

/// Stores keys as Secrets Manager would, and can be told to fail.
final class FakeSecretStore: SecretStore {
    private let state = Mutex<(stored: [String: String], failure: String?)>(([:], nil))

    /// Secret name to the key id stored there.
    var stored: [String: String] { state.withLock { $0.stored } }

    func failing(_ message: String?) { state.withLock { $0.failure = message } }

    func storeAccessKey(
        _ key: NewAccessKey, user: String, channel: String, secretName: String
    ) async throws(KeyDeliveryError) {
        let failure = state.withLock { state -> String? in
            if let failure = state.failure { return failure }
            state.stored[secretName] = key.accessKeyID
            return nil
        }
        if let failure { throw KeyDeliveryError(failure) }
    }
}

/// Keeps every log line, to search for secrets.
final class CapturingLogHandler: LogHandler {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func write(_ record: LogRecord) {
        let metadata = record.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lines.withLock { $0.append(([record.label, record.message] + metadata).joined(separator: " ")) }
    }
}

/// A clock the test sets; starts at the fake IAM's clock, 2026-01-01T00:00:00Z.
final class TestClock: Sendable {
    private let time = Mutex(Timestamp(secondsSince1970: 1_767_225_600))

    var now: Timestamp { time.withLock { $0 } }

    var clock: Reconciler.Clock { { self.now } }

    func set(_ value: Timestamp) { time.withLock { $0 = value } }
}

/// An account, an engine with key delivery, and the channel `bot` whose consumer `web` has an
/// access key sealed for a fresh identity.
struct KeyWorld {
    let iam = FakeIAM()
    let delivery = FakeDelivery()
    let store = FakeSecretStore()
    let clock = TestClock()
    let logs = CapturingLogHandler()
    let identity: AgeIdentity
    let engine: Reconciler

    init(delivers: Bool = true) throws {
        identity = try AgeIdentity()
        engine = Reconciler(
            operations: iam,
            options: ReconcilerOptions(concurrency: 4),
            logger: Logger(label: "test", level: .trace, handler: logs),
            sleep: SleepRecorder().sleep,
            keyDelivery: delivers ? delivery : nil,
            secretStore: store,
            clock: clock.clock
        )
    }

    /// The recipient of `identity`.
    var recipient: String { identity.recipient.description }

    /// The desired state of channel `bot`, consumer `web`, with this key policy.
    func desired(_ policy: AccessKeyPolicy?) -> DesiredState {
        var channel = Fixture.channel("bot", consumers: ["web"])
        channel.consumers[0].accessKey = policy
        return Fixture.desired([channel])
    }

    /// An enabled policy sealed for `recipients` (the identity's when nil).
    func policy(
        rotateAfterDays: Int? = 30,
        graceDays: Int = 7,
        recipients: [String]? = nil,
        secretsManager: String? = nil
    ) -> AccessKeyPolicy {
        AccessKeyPolicy(
            isEnabled: true,
            rotateAfterDays: rotateAfterDays,
            rotationGraceDays: graceDays,
            recipients: recipients ?? [recipient],
            secretsManagerName: secretsManager
        )
    }

    /// Sets both clocks to `days` after 2026-01-01, plus `hours`.
    func at(day days: Int, hours: Int = 0) async {
        let start = Timestamp(secondsSince1970: 1_767_225_600)
        let target = Timestamp(secondsSince1970: start.adding(days: days).secondsSince1970 + Int64(hours) * 3600)
        clock.set(target)
        await iam.advance(days: target.days(since: await iam.now))
    }

    /// The keys of `web` in the fake account, oldest first: id and status.
    func keys() async -> [String] {
        await (iam.users["web"]?.accessKeys ?? []).map { "\($0.id) \($0.status.rawValue)" }
    }
}

/// The JSON a sealed key opens to, as the test reads it.
struct OpenedKey: Equatable {
    var accessKeyID: String
    var secret: String
    var user: String
    var createDate: String

    /// Opens `parcel` with `identity` and reads its JSON object.
    init(_ parcel: SealedAccessKey, identity: AgeIdentity) throws {
        let plain = try AgeDecryptor.open(parcel.sealed, identity: identity)
        let value = try JSONValue(parsing: String(decoding: plain, as: UTF8.self))
        guard value["Version"] == .number(JSONNumber(1)) else { throw OpenError.version }
        accessKeyID = value["AccessKeyId"]?.stringValue ?? ""
        secret = value["SecretAccessKey"]?.stringValue ?? ""
        user = value["UserName"]?.stringValue ?? ""
        createDate = value["CreateDate"]?.stringValue ?? ""
    }

    enum OpenError: Error { case version }
}
