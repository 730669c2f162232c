import ChannelLog
import Foundation
import Synchronization

@testable import Reconciler

/// A virtual clock for the watch loop.
///
/// `sleep(for:)`, the watch loop's own wait, moves the time forward at once;
/// `sleep(until:)`, the lease renewal's wait alongside a reconcile, waits until something else
/// moves the time past its deadline (a scripted slow reconcile does) or until cancelled. Once
/// the time passes `end`, every sleep throws `CancellationError`, which ends the watch.
final class FakeClock: WatchClock {
    private struct Waiter {
        var id: Int
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleeps: [Duration] = []
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state: Mutex<State>
    let end: Date

    static let start = Date(timeIntervalSince1970: 1_714_564_800)

    init(runFor seconds: TimeInterval) {
        state = Mutex(State(now: Self.start))
        end = Self.start.addingTimeInterval(seconds)
    }

    func now() -> Date { state.withLock { $0.now } }

    /// Seconds since the start.
    var elapsed: TimeInterval { now().timeIntervalSince(Self.start) }

    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let parts = duration.components
        advance(by: TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18, recording: duration)
        await Task.yield()
        if now() > end { throw CancellationError() }
    }

    func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Bool in
                    if state.now >= deadline { return true }
                    state.waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        if now() > end { throw CancellationError() }
    }

    /// Moves the time forward and wakes the waiters whose deadline has come.
    func advance(by seconds: TimeInterval, recording duration: Duration? = nil) {
        let due = state.withLock { state -> [Waiter] in
            if let duration { state.sleeps.append(duration) }
            state.now = state.now.addingTimeInterval(seconds)
            let now = state.now
            let due = state.waiters.filter { $0.deadline <= now }
            state.waiters.removeAll { $0.deadline <= now }
            return due
        }
        for waiter in due { waiter.continuation.resume() }
    }
}

/// A branch and account scripted by the test: the head each poll returns, by time, and what
/// each reconcile does.
actor FakeTarget: WatchTarget {
    struct Reconcile: Equatable {
        var head: WatchHead
        var at: TimeInterval
    }

    let clock: FakeClock
    /// The head at a number of seconds since the start.
    private let heads: @Sendable (TimeInterval) -> WatchHead
    private var pollFailures: [TimeInterval: any Error] = [:]
    private var reconcileResults: [Result<WatchRun, any Error>] = []
    private(set) var polls: [TimeInterval] = []
    private(set) var reconciles: [Reconcile] = []
    /// When set, a reconcile waits until cancelled and reports that it was.
    private var waitsForCancellation = false

    init(clock: FakeClock, heads: @escaping @Sendable (TimeInterval) -> WatchHead) {
        self.clock = clock
        self.heads = heads
    }

    /// Makes the polls at the given seconds fail.
    func failPolls(at seconds: [TimeInterval], with error: any Error) {
        for second in seconds { pollFailures[second] = error }
    }

    /// Results for the next reconciles, in order; converged runs after they run out.
    func script(_ results: [Result<WatchRun, any Error>]) { reconcileResults = results }

    func blockReconciles() { waitsForCancellation = true }

    func poll() async throws -> WatchHead {
        let now = clock.elapsed
        polls.append(now)
        if let error = pollFailures[now] { throw error }
        return heads(now)
    }

    func reconcile(_ head: WatchHead) async throws -> WatchRun {
        reconciles.append(Reconcile(head: head, at: clock.elapsed))
        if waitsForCancellation {
            // A slow reconcile: a second passes at each step, until the watch cancels it.
            while !Task.isCancelled {
                clock.advance(by: 1)
                await Task.yield()
            }
            return WatchRun(
                commit: head.commit, applied: 1, apiCalls: 3, duration: .zero, isConverged: false,
                wasCancelled: true)
        }
        if !reconcileResults.isEmpty {
            return try reconcileResults.removeFirst().get()
        }
        return WatchRun(commit: head.commit, applied: 0, apiCalls: 2, duration: .milliseconds(40), isConverged: true)
    }
}

/// A lease scripted by the test: who holds it, by time, and whether renewals find it lost.
actor FakeLease: LeaseKeeping {
    nonisolated let name = "refs/channelops/lease/default"
    nonisolated let holder = "me"
    let clock: FakeClock
    let duration: TimeInterval
    /// Another holder's lease, until the given second.
    private var otherUntil: TimeInterval?
    /// Renewals from this second on find the lease taken by `thief`.
    private var lostAt: TimeInterval?
    private(set) var calls: [String] = []

    init(clock: FakeClock, duration: TimeInterval) {
        self.clock = clock
        self.duration = duration
    }

    func heldByOther(until second: TimeInterval) { otherUntil = second }

    func loseOnRenewal(from second: TimeInterval) { lostAt = second }

    func acquire(now: Date) async throws -> LeaseState {
        let second = now.timeIntervalSince(FakeClock.start)
        calls.append("acquire@\(Int(second))")
        if let otherUntil, second < otherUntil {
            return .heldByOther(holder: "other", until: FakeClock.start.addingTimeInterval(otherUntil))
        }
        if let lostAt, second >= lostAt {
            return .heldByOther(holder: "thief", until: now.addingTimeInterval(duration))
        }
        return .held(until: now.addingTimeInterval(duration))
    }

    func renew(now: Date) async throws -> LeaseState {
        let second = now.timeIntervalSince(FakeClock.start)
        calls.append("renew@\(Int(second))")
        if let lostAt, second >= lostAt { return .lost(holder: "thief") }
        return .held(until: now.addingTimeInterval(duration))
    }

    func release(now: Date) async throws {
        calls.append("release@\(Int(now.timeIntervalSince(FakeClock.start)))")
    }
}

/// Keeps the log records written, for assertions on messages and metadata.
final class LogCapture: LogHandler {
    private let records = Mutex<[LogRecord]>([])

    func write(_ record: LogRecord) { records.withLock { $0.append(record) } }

    var all: [LogRecord] { records.withLock { $0 } }

    func messages(_ level: LogLevel? = nil) -> [String] {
        all.filter { level == nil || $0.level == level }.map(\.message)
    }

    var logger: Logger { Logger(label: "test", level: .debug, handler: self) }
}

/// A failure the fakes throw.
struct ScriptedFailure: Error, CustomStringConvertible {
    var description: String
}
