import ChannelLog
import Foundation
import Testing

@testable import Reconciler

func head(_ commit: String, tree: String?) -> WatchHead {
    WatchHead(commit: commit, manifestTree: tree)
}

/// The watch loop against fakes.
///
/// When it reconciles, how it backs off, and how it keeps, waits for and loses the lease. The
/// clock is virtual, so nothing here waits.
struct WatcherTests {
    static func watcher(
        _ target: FakeTarget,
        lease: FakeLease? = nil,
        clock: FakeClock,
        logs: LogCapture,
        interval: Duration = .seconds(1),
        resync: Duration = .seconds(10),
        leaseDuration: Duration = .seconds(30)
    ) -> Watcher {
        Watcher(
            target: target, lease: lease, clock: clock,
            settings: Watcher.Settings(
                interval: interval, resync: resync, leaseDuration: leaseDuration, maximumBackoff: .seconds(8)),
            logger: logs.logger, jitter: { 1 })
    }

    @Test("reconciles at start, on a manifest change and on resync, never for a status-only commit")
    func triggers() async {
        let clock = FakeClock(runFor: 25)
        // Commit b (second 3) changes only status/; commit c (second 6) changes the manifests.
        let target = FakeTarget(clock: clock) { second in
            second < 3 ? head("a", tree: "t1") : second < 6 ? head("b", tree: "t1") : head("c", tree: "t2")
        }
        let logs = LogCapture()
        await Self.watcher(target, clock: clock, logs: logs).run()

        let reconciles = await target.reconciles
        #expect(reconciles.map(\.head.commit) == ["a", "c", "c"])
        #expect(reconciles.map(\.at) == [0, 6, 16])
        let lines = logs.all.filter { $0.message == "reconciled" }
        #expect(lines.map { $0.metadata[LogKey.trigger] } == ["start", "manifests", "resync"])
        #expect(lines.first?.metadata[LogKey.calls] == "2")
        #expect(lines.first?.metadata[LogKey.durationMS] == "40")
        #expect(lines.first?.metadata[LogKey.changes] == "0")
        #expect(logs.messages().last == "stopped watching")
    }
}

extension WatcherTests {
    @Test("failed fetches back off exponentially and do not by themselves start a reconcile")
    func pollBackoff() async {
        let clock = FakeClock(runFor: 9)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        await target.failPolls(at: [1, 2, 4], with: ScriptedFailure(description: "network is unreachable"))
        let logs = LogCapture()
        await Self.watcher(target, clock: clock, logs: logs).run()

        #expect(await target.polls == [0, 1, 2, 4, 8, 9])
        #expect(await target.reconciles.map(\.at) == [0])
        let warnings = logs.all.filter { $0.message == "could not fetch the branch; retrying" }
        #expect(warnings.map { $0.metadata[LogKey.retryIn] } == ["1000ms", "2000ms", "4000ms"])
        #expect(warnings.first?.metadata[LogKey.error] == "network is unreachable")
        #expect(warnings.first?.level == .warning)
    }

    @Test("a failed reconcile is retried after a growing backoff, and the loop goes on")
    func reconcileRetry() async {
        let clock = FakeClock(runFor: 5)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        let failure = ScriptedFailure(description: "could not read the IAM account: Throttling")
        await target.script([.failure(failure), .failure(failure)])
        let logs = LogCapture()
        await Self.watcher(target, clock: clock, logs: logs).run()

        #expect(await target.reconciles.map(\.at) == [0, 1, 3])
        #expect(logs.messages(.warning) == ["reconcile failed; retrying", "reconcile failed; retrying"])
        let done = logs.all.filter { $0.message == "reconciled" }
        #expect(done.map { $0.metadata[LogKey.trigger] } == ["retry"])
    }

    @Test("a run that leaves channels unconverged is tried again after a backoff")
    func unconvergedRetry() async {
        let clock = FakeClock(runFor: 4)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        await target.script([
            .success(WatchRun(commit: "a", applied: 2, apiCalls: 9, duration: .seconds(1), isConverged: false))
        ])
        let logs = LogCapture()
        await Self.watcher(target, clock: clock, logs: logs).run()

        #expect(await target.reconciles.map(\.at) == [0, 1])
        #expect(logs.messages(.warning) == ["reconciled; not converged"])
        #expect(logs.all.first { $0.message == "reconciled" }?.metadata[LogKey.trigger] == "retry")
    }

    @Test("while another watcher holds the lease nothing is fetched or applied; after it expires, it takes over")
    func waitsForLease() async {
        let clock = FakeClock(runFor: 7)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        let lease = FakeLease(clock: clock, duration: 30)
        await lease.heldByOther(until: 5)
        let logs = LogCapture()
        await Self.watcher(target, lease: lease, clock: clock, logs: logs).run()

        #expect(await target.polls.first == 5)
        #expect(await target.reconciles.map(\.at) == [5])
        #expect(logs.messages().filter { $0 == "waiting for the lease" }.count == 1)
        #expect(logs.messages().contains("took the lease"))
        let calls = await lease.calls
        #expect(calls.prefix(6) == ["acquire@0", "acquire@1", "acquire@2", "acquire@3", "acquire@4", "acquire@5"])
        #expect(calls.last == "release@8")
    }

    @Test("the holder renews the lease when two thirds of it have run out, and releases it at the end")
    func renews() async {
        let clock = FakeClock(runFor: 25)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        let lease = FakeLease(clock: clock, duration: 30)
        let logs = LogCapture()
        await Self.watcher(target, lease: lease, clock: clock, logs: logs, resync: .seconds(100)).run()

        #expect(await lease.calls == ["acquire@0", "renew@10", "renew@20", "release@26"])
        #expect(logs.messages().suffix(2) == ["released the lease", "stopped watching"])
    }

    @Test("a renewal that finds the lease lost cancels the reconcile at once and stops applying")
    func leaseLostDuringReconcile() async {
        let clock = FakeClock(runFor: 15)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        await target.blockReconciles()
        let lease = FakeLease(clock: clock, duration: 30)
        await lease.loseOnRenewal(from: 10)
        let logs = LogCapture()
        await Self.watcher(target, lease: lease, clock: clock, logs: logs).run()

        #expect(await target.reconciles.map(\.at) == [0])
        #expect(await target.polls == [0])
        let messages = logs.messages()
        #expect(messages.contains("reconcile cancelled"))
        #expect(messages.contains("lost the lease during a reconcile; stopped applying"))
        #expect(logs.all.first { $0.message == "reconcile cancelled" }?.metadata[LogKey.status] == "not written")
        #expect(!messages.contains("released the lease"))
        #expect(await lease.calls.first == "acquire@0")
        #expect(await lease.calls.contains { $0.hasPrefix("renew@1") })
    }

    @Test("cancelling the task ends the loop during a sleep")
    func cancellation() async {
        let clock = FakeClock(runFor: 1_000_000)
        let target = FakeTarget(clock: clock) { _ in head("a", tree: "t1") }
        let logs = LogCapture()
        let watcher = Self.watcher(target, clock: clock, logs: logs)
        let task = Task { await watcher.run() }
        while await target.reconciles.isEmpty { await Task.yield() }
        task.cancel()
        await task.value
        #expect(logs.messages().last == "stopped watching")
        #expect(clock.elapsed < 1_000_000)
    }
}
