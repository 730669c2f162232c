import ChannelCore
import ChannelLog
import Synchronization

/// Applies the steps of one channel in order, stopping at the first failure.
///
/// It remembers what the channel created during the run, so that `NoSuchEntity` for one of
/// those (IAM has not caught up with its own write) is retried with a growing wait, and so that
/// an attachment to a just-created policy gets that policy's ARN. `NoSuchEntity` for a removal
/// means the thing is already gone, which is what the step wanted. Cancellation is checked
/// before each step.
struct ChannelApplier: Sendable {
    let operations: any IAMOperations
    let options: ReconcilerOptions
    let sleep: Reconciler.Sleep
    let logger: Logger
    let progress: ProgressCounter
    /// Creates, seals and delivers access keys.
    let issuer: AccessKeyIssuer

    /// What the channel created so far in this run.
    private struct Created {
        var users: Set<String> = []
        var policyARNs: [String: String] = [:]
        /// Access keys issued and delivered.
        var keys: [DeliveredKey] = []
    }

    /// Why a step did not complete.
    private enum StepError: Error {
        case iam(IAMOperationError)
        case cancelled
    }

    func apply(_ plan: ChannelPlan) async -> ChannelApplyResult {
        let log = logger.with(LogKey.channel, plan.channel)
        var created = Created()
        var applied: [PlanStep] = []
        for (index, step) in plan.steps.enumerated() {
            let remaining = Array(plan.steps[index...])
            if Task.isCancelled {
                return ChannelApplyResult(
                    channel: plan.channel, applied: applied, remaining: remaining, wasCancelled: true)
            }
            do {
                try await run(step, created: &created, log: log)
            } catch {
                switch error {
                case .cancelled:
                    return ChannelApplyResult(
                        channel: plan.channel,
                        applied: applied,
                        remaining: remaining,
                        wasCancelled: true,
                        deliveredKeys: created.keys
                    )
                case .iam(let error):
                    progress.finish(channel: plan.channel)
                    log.error("step failed", stepMetadata(step).merging([LogKey.error: error.message]) { $1 })
                    return ChannelApplyResult(
                        channel: plan.channel,
                        applied: applied,
                        failure: StepFailure(step: step, error: error),
                        remaining: Array(remaining.dropFirst()),
                        deliveredKeys: created.keys
                    )
                }
            }
            applied.append(step)
            progress.finish(channel: plan.channel)
            log.info("applied change", stepMetadata(step))
        }
        return ChannelApplyResult(channel: plan.channel, applied: applied, deliveredKeys: created.keys)
    }

    private func run(_ step: PlanStep, created: inout Created, log: Logger) async throws(StepError) {
        var attempt = 1
        while true {
            do {
                try await perform(step, created: &created)
                return
            } catch let error where error.isNoSuchEntity && step.isRemoval {
                log.debug("already removed", stepMetadata(step))
                return
            } catch let error
                where error.isNoSuchEntity && refersToCreated(step, created)
                && attempt < options.eventualConsistencyAttempts
            {
                // IAM may not yet know what this channel created a moment ago; wait and retry.
                let delay = options.eventualConsistencyDelay * (1 << (attempt - 1))
                log.debug(
                    "retrying after NoSuchEntity", stepMetadata(step).merging([LogKey.attempt: "\(attempt)"]) { $1 })
                do {
                    try await sleep(delay)
                } catch {
                    throw .cancelled
                }
                attempt += 1
            } catch {
                // A call cut short by the cancellation is not a failure of the step: it may or
                // may not have taken effect, and the next run reads which.
                if Task.isCancelled { throw .cancelled }
                throw .iam(error)
            }
        }
    }

    /// Makes the step's IAM call.
    private func perform(_ step: PlanStep, created: inout Created) async throws(IAMOperationError) {
        switch step {
        case .createUser(let name, let path, let tags):
            try await operations.createUser(name: name, path: path, tags: tags)
            created.users.insert(name)
        case .updateUser(let name, let newPath):
            try await operations.updateUser(name: name, newPath: newPath)
        case .tagUser(let name, let tags):
            try await operations.tagUser(name: name, tags: tags)
        case .untagUser(let name, let keys):
            try await operations.untagUser(name: name, keys: keys)
        case .createPolicy(let creation):
            let arn = try await operations.createPolicy(
                name: creation.name,
                path: creation.path,
                document: creation.document,
                description: creation.description,
                tags: creation.tags
            )
            created.policyARNs[creation.name] = arn
        case .createPolicyVersion(let arn, let document):
            try await operations.createPolicyVersion(policyARN: arn, document: document)
        case .deletePolicyVersion(let arn, let version):
            try await operations.deletePolicyVersion(policyARN: arn, versionID: version)
        case .tagPolicy(let arn, let tags):
            try await operations.tagPolicy(policyARN: arn, tags: tags)
        case .untagPolicy(let arn, let keys):
            try await operations.untagPolicy(policyARN: arn, keys: keys)
        case .attachUserPolicy(let user, let name, let arn):
            guard let target = arn ?? created.policyARNs[name] else {
                throw IAMOperationError(
                    code: "",
                    message: "the plan attaches policy \(name) before creating it; this is a bug in the planner"
                )
            }
            try await operations.attachUserPolicy(userName: user, policyARN: target)
        case .detachUserPolicy(let user, let arn):
            try await operations.detachUserPolicy(userName: user, policyARN: arn)
        case .deleteUserPolicy(let user, let name):
            try await operations.deleteUserPolicy(userName: user, policyName: name)
        case .removeUserFromGroup(let user, let group):
            try await operations.removeUserFromGroup(userName: user, groupName: group)
        case .createAccessKey(let issue):
            created.keys.append(try await issuer.issue(issue))
        case .updateAccessKey(let user, let key, let status):
            try await operations.updateAccessKey(userName: user, accessKeyID: key, status: status)
        case .deleteAccessKey(let user, let key):
            try await operations.deleteAccessKey(userName: user, accessKeyID: key)
        case .deletePolicy(let arn):
            try await operations.deletePolicy(policyARN: arn)
        case .deleteUser(let name):
            try await operations.deleteUser(name: name)
        }
    }

    /// Whether the step acts on a user or policy the channel created in this run.
    private func refersToCreated(_ step: PlanStep, _ created: Created) -> Bool {
        let createdARNs = Set(created.policyARNs.values)
        switch step {
        case .tagUser(let name, _), .untagUser(let name, _), .updateUser(let name, _):
            return created.users.contains(name)
        case .attachUserPolicy(let user, let name, let arn):
            return created.users.contains(user) || created.policyARNs[name] != nil
                || arn.map(createdARNs.contains) == true
        case .createPolicyVersion(let arn, _), .tagPolicy(let arn, _), .untagPolicy(let arn, _):
            return createdARNs.contains(arn)
        case .createAccessKey(let issue):
            // Only IAM's own NoSuchEntity from CreateAccessKey gets here: no key exists yet.
            return created.users.contains(issue.user)
        default:
            return false
        }
    }

    private func stepMetadata(_ step: PlanStep) -> [String: String] {
        var metadata = [LogKey.action: step.action]
        for (key, value) in step.subject { metadata[key] = value }
        return metadata
    }
}

/// Counts finished steps across concurrently applied channels and reports each to a callback.
final class ProgressCounter: Sendable {
    private let finished = Mutex(0)
    private let total: Int
    private let report: (@Sendable (ApplyProgress) -> Void)?

    init(total: Int, report: (@Sendable (ApplyProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    func finish(channel: String) {
        let count = finished.withLock { value in
            value += 1
            return value
        }
        report?(ApplyProgress(finishedSteps: count, totalSteps: total, channel: channel))
    }
}
