public import ChannelCore
public import ChannelLog
import Foundation

/// Makes live IAM match the desired state: observe, compare, plan, apply, confirm.
///
/// The engine talks to IAM only through `IAMOperations`, so it runs the same against AWS, the
/// emulator and the in-memory fake of the tests. It is a value and safe to use from several
/// tasks, though two reconciles of one account at once would race each other.
public struct Reconciler: Sendable {
    /// Waits for a duration.
    ///
    /// Throws when the task is cancelled. Injected so that tests need not wait.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    /// Tells the time for key ages, rotations and grace periods.
    ///
    /// Injected so that tests and rehearsals (`CHANNELOPS_NOW`) can set it.
    public typealias Clock = @Sendable () -> Timestamp

    /// What one reconcile did.
    public struct Outcome: Sendable, Equatable {
        /// The drift found before anything was changed.
        public var initial: Drift
        /// The plan for that drift; nil when the mass-deletion guard refused it.
        public var plan: Plan?
        /// Why nothing was applied, when the guard refused.
        public var refusal: MassDeletionRefusal?
        /// What the apply did; nil on a dry run or a refusal.
        public var applied: ApplyResult?
        /// The drift read after the apply; nil on a dry run, a refusal, or when the run was
        /// cancelled or the confirming read failed after the apply.
        public var final: Drift?
        /// Why the drift after the apply could not be read (including cancellation); the apply
        /// result is kept all the same, so the status can record what changed.
        public var confirmationError: ReconcileError?
        /// The account as last read: after the apply when there was one, else before.
        ///
        /// The status takes the ARNs of each channel's resources from it
        /// (`LiveState.resources(ofChannel:instance:)`).
        public var live: LiveState
        /// The delivered access keys after the run, for the status to record and the next run
        /// to pass back in `DriftOptions.deliveredAccessKeys`.
        ///
        /// The records passed in, plus the keys this run delivered, less the keys it deleted or
        /// found gone, with the status last observed (see `DeliveredKey.refreshed`).
        public var deliveredKeys: [DeliveredKey]

        /// Creates an outcome; what a run did not get to is nil.
        public init(
            initial: Drift,
            live: LiveState,
            plan: Plan? = nil,
            refusal: MassDeletionRefusal? = nil,
            applied: ApplyResult? = nil,
            final: Drift? = nil,
            confirmationError: ReconcileError? = nil,
            deliveredKeys: [DeliveredKey] = []
        ) {
            self.initial = initial
            self.live = live
            self.plan = plan
            self.refusal = refusal
            self.applied = applied
            self.final = final
            self.confirmationError = confirmationError
            self.deliveredKeys = deliveredKeys
        }

        /// Whether the run left live IAM matching the manifests.
        ///
        /// True when every step applied and the drift read afterwards has no change and no
        /// conflict; false on a dry run and a refusal.
        public var isConverged: Bool {
            guard let applied, let final else { return false }
            return applied.isComplete && !final.hasChanges && !final.hasConflicts
        }

        /// The report of the state the run leaves: the final drift, or the initial one when there
        /// is none, with the apply's failures.
        public func report(apiCalls: Int? = nil) -> DriftReport {
            DriftReport(drift: final ?? initial, failures: applied?.failures ?? [:], apiCalls: apiCalls)
        }
    }

    public let operations: any IAMOperations
    public let options: ReconcilerOptions
    public let logger: Logger
    public let sleep: Sleep
    /// Where new access keys are delivered; nil: no key can be issued (the issue fails before
    /// `CreateAccessKey`).
    public let keyDelivery: (any KeyDelivery)?
    /// Where keys of consumers with `secretsManager` are also stored; nil: such keys are not
    /// issued.
    public let secretStore: (any SecretStore)?
    public let clock: Clock

    /// Creates an engine over `operations`; `sleep` defaults to `Task.sleep` and `clock` to the
    /// system clock.
    public init(
        operations: any IAMOperations,
        options: ReconcilerOptions = ReconcilerOptions(),
        logger: Logger = .disabled,
        sleep: @escaping Sleep = { try await Task.sleep(for: $0) },
        keyDelivery: (any KeyDelivery)? = nil,
        secretStore: (any SecretStore)? = nil,
        clock: @escaping Clock = Reconciler.systemClock
    ) {
        self.operations = operations
        self.options = options
        self.logger = logger
        self.sleep = sleep
        self.keyDelivery = keyDelivery
        self.secretStore = secretStore
        self.clock = clock
    }

    /// The system's clock, in whole seconds.
    public static let systemClock: Clock = { Timestamp(Date.now) }

    /// What one observation found: the live state as read, and its drift from the desired state.
    public struct Observation: Sendable, Equatable {
        /// The account as read, with the supplemental reads the drift asked for filled in.
        public var live: LiveState
        public var drift: Drift
    }

    /// Reads live IAM and compares it with `desired`; changes nothing.
    ///
    /// The same as `observe(_:options:)`, keeping only the drift.
    ///
    /// - Throws: `ReconcileError` when a read fails; the drift would be wrong without it.
    public func drift(_ desired: DesiredState, options driftOptions: DriftOptions) async throws(ReconcileError) -> Drift
    {
        try await observe(desired, options: driftOptions).drift
    }

    /// Reads live IAM and compares it with `desired`; changes nothing.
    ///
    /// Reads the account snapshot, then the supplemental reads the drift asks for (at most
    /// `options.concurrency` at once) until it is final. When nothing differs and no consumer
    /// has access keys, that is the snapshot's pages alone. `DriftOptions.now`, when nil, is
    /// taken from the clock.
    ///
    /// - Throws: `ReconcileError` when a read fails; the drift would be wrong without it.
    public func observe(
        _ desired: DesiredState,
        options requested: DriftOptions
    ) async throws(ReconcileError) -> Observation {
        var driftOptions = requested
        if driftOptions.now == nil { driftOptions.now = clock() }

        // Read the account in one paginated call, then only what that call lacks.
        var live: LiveState
        do {
            live = try await operations.accountSnapshot()
        } catch {
            throw .snapshotFailed(error)
        }
        logger.debug("read account", ["users": "\(live.users.count)", "policies": "\(live.policies.count)"])

        // Each round fills in what the drift asks for; one round answers every question the
        // snapshot leaves open, the second only those that the answers raise.
        var drift = Drift(desired: desired, live: live, options: driftOptions)
        var rounds = 0
        while !drift.isFinal {
            guard rounds < 3 else { throw .readsDidNotSettle(drift.requiredReads) }
            try await read(drift.requiredReads, into: &live)
            drift = Drift(desired: desired, live: live, options: driftOptions)
            rounds += 1
        }
        logger.info(
            "compared desired and live state",
            [LogKey.changes: "\(drift.changeCount)", "channels": "\(drift.channels.count)"]
        )
        return Observation(live: live, drift: drift)
    }

    /// Applies a plan in two phases: first every channel's building steps, then every channel's
    /// removals; channels side by side, at most `options.concurrency` at once, the steps of each
    /// in order.
    ///
    /// So a consumer that moves between channels (a renamed channel: one manifest removed, one
    /// added with the same consumers) is attached to its new policy before the old channel's
    /// prune detaches the old one. A channel stops at its first failed step, and then runs none
    /// of its removals; the others go on. When the task is cancelled, each channel stops before
    /// its next step. Never throws: the result tells what was applied, what failed and what was
    /// left. `progress` is called after every finished step, from any task. New access keys are
    /// recorded as issued at `now`, the clock's time when nil.
    public func apply(
        _ plan: Plan,
        now: Timestamp? = nil,
        progress: (@Sendable (ApplyProgress) -> Void)? = nil
    ) async -> ApplyResult {
        let issuer = AccessKeyIssuer(
            operations: operations,
            delivery: keyDelivery,
            secretStore: secretStore,
            now: now ?? clock(),
            logger: logger
        )
        let applier = ChannelApplier(
            operations: operations,
            options: options,
            sleep: sleep,
            logger: logger,
            progress: ProgressCounter(total: plan.stepCount, report: progress),
            issuer: issuer
        )
        let building = plan.channels.map { ChannelPlan(channel: $0.channel, steps: $0.buildingSteps) }
        let built = await boundedConcurrentMap(building, limit: options.concurrency) { channel in
            await applier.apply(channel)
        }
        // Limitation: a channel whose building steps failed does not hold back another
        // channel's removals, so a consumer moving to a channel whose new policy could not be
        // attached still loses the old one.
        let removing = zip(plan.channels, built).map { channel, result in
            ChannelPlan(channel: channel.channel, steps: result.isComplete ? channel.removalSteps : [])
        }
        let removed = await boundedConcurrentMap(removing, limit: options.concurrency) { channel in
            await applier.apply(channel)
        }
        let results = zip(plan.channels, zip(built, removed)).map { channel, results in
            let (first, second) = results
            guard first.isComplete else {
                var result = first
                result.remaining += channel.removalSteps
                return result
            }
            var result = second
            result.applied = first.applied + second.applied
            result.deliveredKeys = first.deliveredKeys + second.deliveredKeys
            return result
        }
        return ApplyResult(channels: results)
    }

    /// Reconciles once: drift, plan, then unless `dryRun` apply and confirm.
    ///
    /// An empty plan needs neither apply nor confirmation: the drift just read is final, so a
    /// run with nothing to change costs the snapshot read alone (plus the supplemental reads the
    /// drift asks for, which are none when nothing differs).
    ///
    /// Confirmation reads the drift again; if every step succeeded but drift remains, it reads
    /// again up to `options.convergenceChecks` times in all, `options.convergenceDelay` apart,
    /// since IAM's reads may lag behind its writes. A plan refused by the mass-deletion guard is
    /// returned as an outcome with `refusal` set and nothing applied.
    ///
    /// - Throws: `ReconcileError` when a read before the apply fails. After the apply nothing is
    ///   thrown: a failed or cancelled confirmation is `Outcome.confirmationError`.
    public func reconcile(
        _ desired: DesiredState,
        options driftOptions: DriftOptions,
        dryRun: Bool = false,
        allowMassDelete: Bool = false,
        progress: (@Sendable (ApplyProgress) -> Void)? = nil
    ) async throws(ReconcileError) -> Outcome {
        // One time for the whole run, so that every read judges key ages alike.
        var driftOptions = driftOptions
        let now = driftOptions.now ?? clock()
        driftOptions.now = now

        // Observe and plan.
        let first = try await observe(desired, options: driftOptions)
        let initial = first.drift
        let observedKeys = DeliveredKey.refreshed(driftOptions.deliveredAccessKeys, live: first.live, now: now)
        let plan: Plan
        do {
            plan = try Plan(drift: initial, allowMassDelete: allowMassDelete)
        } catch {
            logger.error("refused plan", [LogKey.error: error.description])
            return Outcome(initial: initial, live: first.live, refusal: error, deliveredKeys: observedKeys)
        }
        logger.info("planned changes", [LogKey.count: "\(plan.stepCount)", "channels": "\(plan.channels.count)"])
        guard !dryRun else {
            return Outcome(initial: initial, live: first.live, plan: plan, deliveredKeys: observedKeys)
        }

        // Nothing to change: the drift just read is the final one.
        guard !plan.isEmpty else {
            logger.info("nothing to change", ["channels": "\(initial.channels.count)"])
            let nothing = ApplyResult(channels: [])
            return Outcome(
                initial: initial, live: first.live, plan: plan, applied: nothing, final: initial,
                deliveredKeys: observedKeys)
        }

        // Apply, then confirm with a fresh read that knows the keys just delivered, keeping the
        // apply's result whatever happens.
        let applied = await apply(plan, now: now, progress: progress)
        driftOptions.deliveredAccessKeys = Self.deliveredKeys(observedKeys, after: applied, now: now)
        var outcome = Outcome(
            initial: initial, live: first.live, plan: plan, applied: applied,
            deliveredKeys: driftOptions.deliveredAccessKeys)
        do {
            let last = try await confirm(desired, options: driftOptions, after: applied)
            outcome.final = last.drift
            outcome.live = last.live
            outcome.deliveredKeys = DeliveredKey.refreshed(driftOptions.deliveredAccessKeys, live: last.live, now: now)
        } catch {
            logger.error("could not confirm the apply", [LogKey.error: error.description])
            outcome.confirmationError = error
            return outcome
        }
        if outcome.isConverged {
            logger.info("converged", [LogKey.count: "\(applied.appliedStepCount)"])
        } else {
            logger.error("not converged", [LogKey.changes: "\(outcome.final?.changeCount ?? 0)"])
        }
        return outcome
    }

    /// The delivered key records after the applied steps: new keys added, deactivated keys
    /// marked inactive since `now`, deleted keys dropped.
    private static func deliveredKeys(
        _ records: [DeliveredKey],
        after applied: ApplyResult,
        now: Timestamp
    ) -> [DeliveredKey] {
        var byID = Dictionary(records.map { ($0.accessKeyID, $0) }, uniquingKeysWith: { $1 })
        for channel in applied.channels {
            for step in channel.applied {
                switch step {
                case .updateAccessKey(_, let id, let status): byID[id] = byID[id]?.observed(status, now: now)
                case .deleteAccessKey(_, let id): byID[id] = nil
                default: break
                }
            }
            for key in channel.deliveredKeys { byID[key.accessKeyID] = key }
        }
        return DeliveredKey.sorted(Array(byID.values))
    }

    /// Reads the drift after an apply, again after a wait while drift remains that a lagging
    /// read may explain.
    private func confirm(
        _ desired: DesiredState,
        options driftOptions: DriftOptions,
        after applied: ApplyResult
    ) async throws(ReconcileError) -> Observation {
        guard !Task.isCancelled else { throw .cancelled }
        var last = try await observe(desired, options: driftOptions)
        var checks = 1
        while applied.isComplete, last.drift.hasChanges, checks < options.convergenceChecks {
            logger.warning("drift remains after apply; reading again", [LogKey.changes: "\(last.drift.changeCount)"])
            do {
                try await sleep(options.convergenceDelay)
            } catch {
                throw .cancelled
            }
            last = try await observe(desired, options: driftOptions)
            checks += 1
        }
        return last
    }

    /// Performs supplemental reads, at most `options.concurrency` at once, into `live`.
    ///
    /// A read answered `NoSuchEntity` removes its policy, user or access key from `live`: it was
    /// deleted after the snapshot was read, as another instance sharing the account may do at any
    /// time.
    private func read(_ reads: [SupplementalRead], into live: inout LiveState) async throws(ReconcileError) {
        let operations = self.operations
        let results = await boundedConcurrentMap(reads, limit: options.concurrency) { read in
            do throws(IAMOperationError) {
                switch read {
                case .policyTags(let arn):
                    return Result<SupplementalAnswer, IAMOperationError>.success(
                        .policyTags(try await operations.listPolicyTags(policyARN: arn))
                    )
                case .accessKeys(let user):
                    return .success(.accessKeys(try await operations.listAccessKeys(userName: user)))
                case .accessKeyLastUse(_, let key):
                    return .success(.lastUse(try await operations.getAccessKeyLastUsed(accessKeyID: key)))
                }
            } catch {
                return .failure(error)
            }
        }
        for (read, result) in zip(reads, results) {
            switch (read, result) {
            case (.policyTags(let arn), .failure(let error)) where error.isNoSuchEntity:
                // Deleted since the snapshot, by another instance or a person: it is gone, and
                // the drift is computed again without it.
                logger.debug("policy deleted since the snapshot", [LogKey.policy: arn])
                live.forgetPolicy(arn: arn)
            case (.accessKeys(let user), .failure(let error)) where error.isNoSuchEntity:
                logger.debug("user deleted since the snapshot", [LogKey.user: user])
                live.forgetUser(user)
            case (.accessKeyLastUse(let user, let key), .failure(let error)) where error.isNoSuchEntity:
                logger.debug("access key deleted since it was listed", [LogKey.user: user, "key": key])
                live.forgetAccessKey(key, user: user)
            case (_, .failure(let error)):
                // Limitation: one failed read fails the whole run, not only the channel that
                // needed it; the client has already retried what is transient, so what remains
                // (access denied, for example) is better fixed and run again.
                throw .readFailed(read, error)
            case (.policyTags(let arn), .success(.policyTags(let tags))):
                live.setPolicyTags(tags, arn: arn)
            case (.accessKeys(let user), .success(.accessKeys(let keys))):
                live.setAccessKeys(keys, user: user)
            case (.accessKeyLastUse(let user, let key), .success(.lastUse(let lastUse))):
                live.setAccessKeyLastUse(lastUse, accessKeyID: key, user: user)
            case (.policyTags, .success), (.accessKeys, .success), (.accessKeyLastUse, .success):
                preconditionFailure("a supplemental read was answered with another kind of answer")
            }
        }
    }
}

/// The answer to one supplemental read.
private enum SupplementalAnswer: Sendable {
    case policyTags([KeyValue])
    case accessKeys([LiveAccessKey])
    case lastUse(LiveAccessKey.LastUse)
}

/// Why the engine could not observe the account or finish a reconcile.
public enum ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `GetAccountAuthorizationDetails` failed.
    case snapshotFailed(IAMOperationError)
    /// A read the snapshot lacks failed.
    case readFailed(SupplementalRead, IAMOperationError)
    /// Supplemental reads kept raising new questions; a bug, since one round answers them all.
    case readsDidNotSettle([SupplementalRead])
    /// The run was cancelled while waiting.
    case cancelled

    public var description: String {
        switch self {
        case .snapshotFailed(let error):
            // The message starts with the action and its subject; naming them again repeats it.
            return "could not read the IAM account: \(error.message)"
        case .readFailed(.policyTags(let arn), let error):
            return "could not read the tags of policy \(arn): \(error.message)"
        case .readFailed(.accessKeys(let user), let error):
            return "could not list the access keys of user \(user): \(error.message)"
        case .readFailed(.accessKeyLastUse(let user, let key), let error):
            return "could not read when access key \(key) of user \(user) was last used: \(error.message)"
        case .readsDidNotSettle(let reads):
            return "the drift still needed \(reads.count) reads after three rounds; this is a bug, please report it"
        case .cancelled:
            return "the run was cancelled"
        }
    }
}

extension LiveState {
    /// Forgets a policy deleted since the snapshot, and its attachments to users.
    fileprivate mutating func forgetPolicy(arn: String) {
        guard let name = policy(arn: arn)?.name else { return }
        policies[name] = nil
        for (userName, user) in users where user.attachedPolicyARNs.contains(arn) {
            users[userName]?.attachedPolicyARNs.removeAll { $0 == arn }
        }
    }

    /// Forgets an access key deleted since the user's keys were listed.
    fileprivate mutating func forgetAccessKey(_ id: String, user: String) {
        users[user]?.accessKeys?.removeAll { $0.id == id }
    }

    /// Forgets a user deleted since the snapshot; the policies it had attached count one
    /// attachment fewer, as IAM counts them now.
    fileprivate mutating func forgetUser(_ name: String) {
        guard let user = users.removeValue(forKey: name) else { return }
        for arn in user.attachedPolicyARNs {
            guard let policyName = policy(arn: arn)?.name else { continue }
            policies[policyName]?.attachmentCount -= 1
        }
    }
}
