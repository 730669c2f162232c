import ChannelCore
import Reconciler
import Synchronization

/// Channels and engines for the reconciler tests.
enum Fixture {
    static func location() -> ChannelCore.SourceLocation {
        ChannelCore.SourceLocation(file: "channels/test.yaml", line: 1, column: 1)
    }

    static func channel(
        _ name: String,
        consumers: [String],
        actions: [String] = ["lex:PostText"],
        tags: [KeyValue] = []
    ) -> Channel {
        Channel(
            name: name,
            consumers: consumers.map { Consumer(name: $0, location: location()) },
            permissions: [Permission(actions: actions, resources: ["*"], location: location())],
            tags: tags,
            location: location()
        )
    }

    /// `alpha` with one consumer, `beta` with two and a spec tag: 3 users, 2 policies, 3
    /// attachments.
    static let channels = [
        channel("alpha", consumers: ["alpha-app"]),
        channel("beta", consumers: ["beta-app", "beta-web"], tags: [KeyValue("cost-center", "4217")]),
    ]

    static func desired(_ channels: [Channel], instance: String = "default") -> DesiredState {
        do {
            return try render(channels, instance: instance).state
        } catch {
            preconditionFailure("fixture channels must render: \(error)")
        }
    }

    static func policyARN(_ channel: String) -> String {
        "arn:aws:iam::\(FakeIAM.account):policy/channelops/channelops-\(channel)"
    }

    static let adminARN = "arn:aws:iam::aws:policy/AdministratorAccess"
}

/// Records the waits the engine asks for and returns at once, unless the task is cancelled.
final class SleepRecorder: Sendable {
    private let storage = Mutex<[Duration]>([])

    var durations: [Duration] { storage.withLock { $0 } }

    var sleep: Reconciler.Sleep {
        { duration in
            self.storage.withLock { $0.append(duration) }
            try Task.checkCancellation()
        }
    }
}

/// Holds a task's cancel action so that a callback running inside the task can cancel it.
final class TaskCanceller: Sendable {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)

    func hold<Success: Sendable, Failure: Error>(_ task: Task<Success, Failure>) {
        action.withLock { $0 = { task.cancel() } }
    }

    func cancel() { action.withLock { $0?() } }
}

extension Reconciler {
    /// An engine over `iam` that records its waits instead of waiting.
    static func testing(_ iam: FakeIAM, concurrency: Int = 4, sleeps: SleepRecorder = SleepRecorder()) -> Reconciler {
        Reconciler(operations: iam, options: ReconcilerOptions(concurrency: concurrency), sleep: sleeps.sleep)
    }
}
