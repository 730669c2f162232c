package import ChannelLog
import FoundationEssentials

/// The `watch` loop: poll the branch every `interval`, reconcile when the manifests changed or
/// `resync` passed, one reconcile at a time, while holding the instance's lease.
///
/// Each tick:
/// 1. with a lease, take it or renew it when two thirds of it have run out; while another
///    watcher holds it, only wait and try again, applying nothing;
/// 2. fetch the branch head;
/// 3. reconcile when `WatchSchedule` says so, renewing the lease alongside; if a renewal reports
///    the lease lost, the reconcile is cancelled at once: the engine stops before its next IAM
///    step and no status is written;
/// 4. wait `interval`, or the backoff after a failure.
///
/// Failures (the network, IAM, a push) are logged and retried after a jittered exponential
/// backoff; the loop never ends because of one. It ends when its task is cancelled (SIGTERM or
/// SIGINT): the current sleep or IAM step is the last, no half-made status is pushed, and the
/// lease is released so that another watcher can take over at once. One log line per reconcile
/// gives the commit, the trigger, the changes applied, the duration and the API calls.
package struct Watcher: Sendable {
    /// How often to poll, resync and renew.
    package struct Settings: Sendable, Equatable {
        /// The time between polls (`--interval`).
        package var interval: Duration
        /// The longest time between reconciles without a new commit (`--resync`).
        package var resync: Duration
        /// How long each acquisition or renewal of the lease holds it (`--lease-duration`).
        package var leaseDuration: Duration
        /// The longest wait after repeated failures.
        package var maximumBackoff: Duration

        /// Settings; the lease defaults to `defaultLeaseDuration(interval:)`.
        package init(
            interval: Duration = .seconds(60),
            resync: Duration = .seconds(600),
            leaseDuration: Duration? = nil,
            maximumBackoff: Duration = .seconds(300)
        ) {
            self.interval = interval
            self.resync = resync
            self.leaseDuration = leaseDuration ?? Self.defaultLeaseDuration(interval: interval)
            self.maximumBackoff = maximumBackoff
        }

        /// Three intervals, at least 30 seconds: renewed every third of it, the lease survives
        /// a slow fetch or push, and a holder that died is replaced within that time.
        package static func defaultLeaseDuration(interval: Duration) -> Duration {
            max(interval * 3, .seconds(30))
        }
    }

    /// The branch and account watched.
    package let target: any WatchTarget
    /// Nil to reconcile without a lease (a single watcher by design).
    package let lease: (any LeaseKeeping)?
    /// The wall clock and the waits.
    package let clock: any WatchClock
    /// How often to poll, resync and renew.
    package let settings: Settings
    /// Where the loop logs, one line per reconcile.
    package let logger: Logger
    /// Draws the jitter of each backoff, uniformly from 0 to 1.
    package let jitter: @Sendable () -> Double

    /// A watcher; by default the jitter is random.
    package init(
        target: any WatchTarget,
        lease: (any LeaseKeeping)?,
        clock: any WatchClock,
        settings: Settings,
        logger: Logger,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.target = target
        self.lease = lease
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.jitter = jitter
    }

    /// Watches until the task is cancelled.
    package func run() async {
        // Limitation: libgit2's network calls have no timeout, so a remote that stops answering
        // stalls the loop in a fetch or push, and cancellation waits for that call; a second
        // SIGTERM (see `TerminationSignals`) ends the process at once.
        var loop = LoopState(
            schedule: WatchSchedule(interval: settings.interval, resync: settings.resync, backoff: backoff))
        logger.info(
            "watching",
            [
                "interval": Self.text(settings.interval), "resync": Self.text(settings.resync),
                LogKey.lease: lease?.name ?? "none", LogKey.holder: lease?.holder ?? "none",
                "lease_duration": Self.text(settings.leaseDuration),
            ])
        while !Task.isCancelled {
            // Hold the lease, or wait while another watcher holds it.
            if let lease, !(await holdLease(lease, &loop)) {
                guard await pause(loop.leaseWait ?? settings.interval) else { break }
                continue
            }

            // Fetch the branch head.
            let head: WatchHead
            do {
                head = try await target.poll()
                loop.pollFailures = 0
            } catch {
                loop.pollFailures += 1
                let wait = backoff.delay(afterFailures: loop.pollFailures, jitter: jitter())
                logFailure("could not fetch the branch; retrying", error, retryIn: wait)
                guard await pause(wait) else { break }
                continue
            }

            // Reconcile when due.
            if let trigger = loop.schedule.trigger(tree: head.manifestTree, at: clock.now()) {
                await reconcile(head, trigger: trigger, &loop)
            }
            guard await pause(loop.schedule.delay(at: clock.now())) else { break }
        }
        await releaseLease(&loop)
        logger.info("stopped watching")
    }

    /// What the loop carries from tick to tick.
    struct LoopState {
        var schedule: WatchSchedule
        /// The expiry of the lease this watcher holds; nil when it holds none.
        var heldUntil: Date?
        /// The holder last seen while waiting, so that waiting is logged once per holder.
        var waitingFor: String?
        /// How long to wait before the next lease attempt; nil for `interval`.
        var leaseWait: Duration?
        /// Consecutive failed lease updates.
        var leaseFailures = 0
        /// Consecutive failed fetches.
        var pollFailures = 0
    }

    /// The backoff after failures: from one interval (at least a second) up to the maximum.
    private var backoff: Backoff {
        Backoff(base: max(settings.interval, .seconds(1)), maximum: settings.maximumBackoff)
    }

    /// Takes or renews the lease when due; returns whether this watcher holds it now.
    private func holdLease(_ lease: any LeaseKeeping, _ loop: inout LoopState) async -> Bool {
        let now = clock.now()
        if let until = loop.heldUntil, now < renewalDue(until) {
            return true
        }
        loop.leaseWait = nil
        let state: LeaseState
        do {
            state = loop.heldUntil == nil ? try await lease.acquire(now: now) : try await lease.renew(now: now)
            loop.leaseFailures = 0
        } catch {
            loop.leaseFailures += 1
            let wait = backoff.delay(afterFailures: loop.leaseFailures, jitter: jitter())
            logFailure("could not update the lease; retrying", error, retryIn: wait)
            // Still the holder while the lease has not run out; renewing is tried again first.
            if let until = loop.heldUntil, clock.now().addingTimeInterval(safetyMargin) < until {
                return true
            }
            if loop.heldUntil != nil {
                logger.warning("the lease may have run out; stopped applying", [LogKey.lease: lease.name])
            }
            loop.heldUntil = nil
            loop.leaseWait = wait
            return false
        }
        switch state {
        case .held(let until):
            if loop.heldUntil == nil {
                logger.info(
                    "took the lease", [LogKey.lease: lease.name, LogKey.holder: lease.holder, "until": stamp(until)])
                // Another holder may have reconciled meanwhile: start afresh.
                loop.schedule.reset()
                loop.waitingFor = nil
            }
            loop.heldUntil = until
            return true
        case .heldByOther(let holder, let until):
            if loop.heldUntil != nil {
                logger.warning("lost the lease; stopped applying", [LogKey.lease: lease.name, LogKey.holder: holder])
            } else if loop.waitingFor != holder {
                logger.info(
                    "waiting for the lease", [LogKey.lease: lease.name, LogKey.holder: holder, "until": stamp(until)])
            }
            loop.heldUntil = nil
            loop.waitingFor = holder
            return false
        case .lost(let holder):
            logger.warning(
                "lost the lease; stopped applying", [LogKey.lease: lease.name, LogKey.holder: holder ?? "(none)"])
            loop.heldUntil = nil
            loop.waitingFor = holder
            return false
        }
    }

    /// Runs one reconcile, renewing the lease alongside, and records how it ended.
    private func reconcile(_ head: WatchHead, trigger: WatchSchedule.Trigger, _ loop: inout LoopState) async {
        let ending = await runHoldingLease(head, heldUntil: loop.heldUntil)
        let now = clock.now()
        switch ending.result {
        case .success(let run):
            logRun(run, trigger: trigger)
            if run.wasCancelled {
                break
            } else if run.isConverged {
                loop.schedule.recordSuccess(tree: head.manifestTree, at: now)
            } else {
                loop.schedule.recordUnconverged(tree: head.manifestTree, at: now, jitter: jitter())
            }
        case .failure(let error):
            let wait = loop.schedule.recordFailure(at: now, jitter: jitter())
            logFailure("reconcile failed; retrying", error, retryIn: wait, revision: head.commit)
        }
        if let lease {
            if ending.leaseLost {
                logger.warning(
                    "lost the lease during a reconcile; stopped applying",
                    [LogKey.lease: lease.name, LogKey.holder: ending.newHolder ?? "(none)"])
                loop.heldUntil = nil
                loop.waitingFor = ending.newHolder
            } else {
                loop.heldUntil = ending.heldUntil
            }
        }
    }

    /// How a reconcile run alongside the lease renewal ended.
    private struct Ending: Sendable {
        var result: Result<WatchRun, any Error>
        var leaseLost = false
        var newHolder: String?
        var heldUntil: Date?
    }

    /// What each of the two tasks of a reconcile returns.
    private enum Part: Sendable {
        case finished(Result<WatchRun, any Error>)
        case renewed(until: Date?)
        case leaseLost(holder: String?)
    }

    /// Runs the reconcile and, with a lease, a task that renews it; cancels the reconcile as soon
    /// as the lease is lost.
    private func runHoldingLease(_ head: WatchHead, heldUntil: Date?) async -> Ending {
        // Limitation: an IAM call in flight when the lease is lost still completes; the engine
        // stops before the next one, so a new holder may see one more change land.
        guard let lease, let heldUntil else {
            return Ending(result: await runTarget(head))
        }
        return await withTaskGroup(of: Part.self) { group in
            group.addTask { .finished(await runTarget(head)) }
            group.addTask { await keepRenewing(lease, from: heldUntil) }
            var ending = Ending(result: .failure(CancellationError()), heldUntil: heldUntil)
            while let part = await group.next() {
                switch part {
                case .finished(let result):
                    ending.result = result
                    group.cancelAll()
                case .renewed(let until):
                    ending.heldUntil = until
                case .leaseLost(let holder):
                    ending.leaseLost = true
                    ending.newHolder = holder
                    group.cancelAll()
                }
            }
            return ending
        }
    }

    private func runTarget(_ head: WatchHead) async -> Result<WatchRun, any Error> {
        do {
            return .success(try await target.reconcile(head))
        } catch {
            return .failure(error)
        }
    }

    /// Renews the lease each time two thirds of it have run out, until cancelled (returning the
    /// expiry reached) or until the lease is lost or may have run out.
    private func keepRenewing(_ lease: any LeaseKeeping, from start: Date) async -> Part {
        var until = start
        var next = renewalDue(until)
        while true {
            do {
                try await clock.sleep(until: next)
            } catch {
                return .renewed(until: until)
            }
            do {
                switch try await lease.renew(now: clock.now()) {
                case .held(let expiry):
                    until = expiry
                    next = renewalDue(until)
                case .heldByOther(let holder, _), .lost(.some(let holder)):
                    return .leaseLost(holder: holder)
                case .lost(.none):
                    return .leaseLost(holder: nil)
                }
            } catch {
                let now = clock.now()
                if now.addingTimeInterval(safetyMargin) >= until {
                    logFailure("could not renew the lease during a reconcile", error, retryIn: .zero)
                    return .leaseLost(holder: nil)
                }
                let wait = min(WatchSchedule.seconds(settings.interval), until.timeIntervalSince(now) / 4)
                logFailure(
                    "could not renew the lease during a reconcile; retrying", error,
                    retryIn: .milliseconds(Int64(wait * 1000)))
                next = now.addingTimeInterval(wait)
            }
        }
    }

    /// Releases the lease at the end, so that another watcher need not wait for it to expire.
    private func releaseLease(_ loop: inout LoopState) async {
        guard let lease, loop.heldUntil != nil else { return }
        do {
            try await lease.release(now: clock.now())
            logger.info("released the lease", [LogKey.lease: lease.name])
        } catch {
            // The lease then expires by itself; another watcher takes over after that.
            logger.warning("could not release the lease", [LogKey.lease: lease.name, LogKey.error: "\(error)"])
        }
        loop.heldUntil = nil
    }

    /// When a lease held until `until` is renewed: once two thirds of it have run out.
    private func renewalDue(_ until: Date) -> Date {
        until.addingTimeInterval(-WatchSchedule.seconds(settings.leaseDuration) * 2 / 3)
    }

    /// How close to its expiry a lease that cannot be renewed counts as lost: a sixth of it.
    private var safetyMargin: TimeInterval { WatchSchedule.seconds(settings.leaseDuration) / 6 }

    /// Sleeps; false when the task was cancelled.
    private func pause(_ duration: Duration) async -> Bool {
        do {
            try await clock.sleep(for: duration)
            return !Task.isCancelled
        } catch {
            return false
        }
    }

    private func logRun(_ run: WatchRun, trigger: WatchSchedule.Trigger) {
        var metadata = [
            LogKey.revision: String(run.commit.prefix(7)),
            LogKey.trigger: trigger.rawValue,
            LogKey.changes: "\(run.applied)",
            LogKey.durationMS: "\(Self.milliseconds(run.duration))",
            LogKey.calls: "\(run.apiCalls)",
            LogKey.status: run.statusCommit.map { String($0.prefix(7)) } ?? "unchanged",
        ]
        if run.wasCancelled {
            metadata[LogKey.status] = "not written"
            logger.warning("reconcile cancelled", metadata)
        } else if run.isConverged {
            logger.info("reconciled", metadata)
        } else {
            logger.warning("reconciled; not converged", metadata)
        }
    }

    private func logFailure(_ message: String, _ error: any Error, retryIn: Duration, revision: String? = nil) {
        var metadata = [LogKey.error: "\(error)", LogKey.retryIn: "\(Self.milliseconds(retryIn))ms"]
        if let revision { metadata[LogKey.revision] = String(revision.prefix(7)) }
        if let failure = error as? RepositoryReconcileError, !failure.isTransient {
            logger.error(message, metadata)
        } else {
            logger.warning(message, metadata)
        }
    }

    private func stamp(_ date: Date) -> String { RecordedTime.rfc3339(date) }

    /// `1s`, `600s`, `0.5s`: a duration for the log.
    private static func text(_ duration: Duration) -> String {
        let milliseconds = milliseconds(duration)
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(Double(milliseconds) / 1000)s"
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
