import Foundation
import Testing

@testable import Reconciler

/// The pure decisions of the watch: backoff waits and when a reconcile is due.
struct ScheduleTests {
    static let start = Date(timeIntervalSince1970: 1_714_564_800)

    @Test(
        "backoff doubles from the base up to the maximum, and jitter only shortens it",
        arguments: [
            (1, 1.0, Duration.seconds(1)),
            (2, 1.0, .seconds(2)),
            (3, 1.0, .seconds(4)),
            (6, 1.0, .seconds(8)),
            (40, 1.0, .seconds(8)),
            (3, 0.0, .milliseconds(3200)),
            (1, 0.5, .milliseconds(900)),
        ])
    func backoff(failures: Int, jitter: Double, expected: Duration) {
        let backoff = Backoff(base: .seconds(1), maximum: .seconds(8), jitterFraction: 0.2)
        #expect(backoff.delay(afterFailures: failures, jitter: jitter) == expected)
    }

    @Test("the schedule's triggers follow the manifest tree, the resync period and the backoff")
    func triggers() {
        var schedule = WatchSchedule(
            interval: .seconds(1), resync: .seconds(60), backoff: Backoff(base: .seconds(1), maximum: .seconds(30)))
        let at = { (second: TimeInterval) in Self.start.addingTimeInterval(second) }
        #expect(schedule.trigger(tree: "t1", at: at(0)) == .start)

        schedule.recordSuccess(tree: "t1", at: at(0))
        #expect(schedule.trigger(tree: "t1", at: at(59)) == nil)
        #expect(schedule.trigger(tree: "t2", at: at(1)) == .manifests)
        #expect(schedule.trigger(tree: nil, at: at(1)) == .manifests)
        #expect(schedule.trigger(tree: "t1", at: at(60)) == .resync)
        #expect(schedule.delay(at: at(1)) == .seconds(1))

        // A failure waits for its backoff, unless the manifests change.
        #expect(schedule.recordFailure(at: at(10), jitter: 1) == .seconds(1))
        #expect(schedule.recordFailure(at: at(11), jitter: 1) == .seconds(2))
        #expect(schedule.trigger(tree: "t1", at: at(12)) == nil)
        #expect(schedule.trigger(tree: "t2", at: at(12)) == .manifests)
        #expect(schedule.trigger(tree: "t1", at: at(13)) == .retry)
        #expect(schedule.delay(at: at(12.5)) == .milliseconds(500))

        // A success clears the failures; a reset forgets everything.
        schedule.recordSuccess(tree: "t1", at: at(13))
        #expect(schedule.failures == 0)
        #expect(schedule.trigger(tree: "t1", at: at(14)) == nil)
        schedule.reset()
        #expect(schedule.trigger(tree: "t1", at: at(14)) == .start)
    }

    @Test("backoff after failures never exceeds the resync period")
    func backoffCappedByResync() {
        var schedule = WatchSchedule(
            interval: .seconds(1), resync: .seconds(5), backoff: Backoff(base: .seconds(4), maximum: .seconds(300)))
        #expect(schedule.recordFailure(at: Self.start, jitter: 1) == .seconds(4))
        #expect(schedule.recordFailure(at: Self.start, jitter: 1) == .seconds(5))
        #expect(schedule.trigger(tree: "t", at: Self.start.addingTimeInterval(4)) == nil)
        #expect(schedule.trigger(tree: "t", at: Self.start.addingTimeInterval(5)) == .retry)
    }

    @Test("the default lease lasts three intervals and at least 30 seconds")
    func defaultLease() {
        #expect(Watcher.Settings.defaultLeaseDuration(interval: .seconds(1)) == .seconds(30))
        #expect(Watcher.Settings.defaultLeaseDuration(interval: .seconds(60)) == .seconds(180))
        #expect(Watcher.Settings(interval: .seconds(20)).leaseDuration == .seconds(60))
    }

    @Test("holder ids name the host and process and differ between calls")
    func holderIDs() {
        let first = GitLease.holderID(host: "build box", processID: 4242)
        let second = GitLease.holderID(host: "build box", processID: 4242)
        #expect(first.hasPrefix("buildbox-4242-"))
        #expect(first.count == "buildbox-4242-".count + 8)
        #expect(first != second)
    }
}
