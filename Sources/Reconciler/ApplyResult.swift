public import ChannelCore

/// What applying a plan did, channel by channel.
public struct ApplyResult: Sendable, Equatable {
    /// One entry per channel of the plan, in the plan's order.
    public var channels: [ChannelApplyResult]

    /// Creates a result.
    public init(channels: [ChannelApplyResult]) {
        self.channels = channels
    }

    /// Whether every step of every channel was applied.
    public var isComplete: Bool { channels.allSatisfy(\.isComplete) }

    /// How many steps were applied in all.
    public var appliedStepCount: Int { channels.reduce(0) { $0 + $1.applied.count } }

    /// The access keys issued and delivered in this apply, in all channels.
    public var deliveredKeys: [DeliveredKey] { channels.flatMap(\.deliveredKeys) }

    /// Channel name to the message of what stopped it, for every channel not fully applied; the
    /// input `DriftReport(drift:failures:)` takes.
    public var failures: [String: String] {
        var result: [String: String] = [:]
        for channel in channels {
            if let message = channel.failureMessage { result[channel.channel] = message }
        }
        return result
    }
}

/// What applying one channel's steps did.
public struct ChannelApplyResult: Sendable, Equatable {
    public var channel: String
    /// The steps that took effect, in order (a removal IAM found already done counts).
    public var applied: [PlanStep]
    /// The step that failed and why; nil when none did.
    public var failure: StepFailure?
    /// The steps not attempted, in order: those after a failure, or from where a cancellation
    /// stopped the channel.
    public var remaining: [PlanStep]
    /// True when the run was cancelled before this channel finished.
    public var wasCancelled: Bool
    /// The records of the access keys its `createAccessKey` steps issued and delivered.
    public var deliveredKeys: [DeliveredKey]

    /// Creates a result.
    public init(
        channel: String,
        applied: [PlanStep],
        failure: StepFailure? = nil,
        remaining: [PlanStep] = [],
        wasCancelled: Bool = false,
        deliveredKeys: [DeliveredKey] = []
    ) {
        self.channel = channel
        self.applied = applied
        self.failure = failure
        self.remaining = remaining
        self.wasCancelled = wasCancelled
        self.deliveredKeys = deliveredKeys
    }

    /// Whether every step was applied.
    public var isComplete: Bool { failure == nil && remaining.isEmpty && !wasCancelled }

    /// What stopped the channel, for the report and the status; nil when it completed.
    public var failureMessage: String? {
        if let failure {
            return failure.description + Self.leftOver(remaining.count)
        }
        if wasCancelled {
            return "cancelled after \(applied.count) of \(applied.count + remaining.count) steps"
        }
        return nil
    }

    private static func leftOver(_ count: Int) -> String {
        switch count {
        case 0: return ""
        case 1: return "; 1 later step not run"
        default: return "; \(count) later steps not run"
        }
    }
}

/// A step IAM refused, with its error.
public struct StepFailure: Sendable, Equatable, CustomStringConvertible {
    public var step: PlanStep
    public var error: IAMOperationError

    /// Creates a record.
    public init(step: PlanStep, error: IAMOperationError) {
        self.step = step
        self.error = error
    }

    /// `<step summary> failed: <error>`; for a new access key that could not be delivered, the
    /// error alone, which names the user and says what became of the key.
    public var description: String {
        if case .createAccessKey = step, error.code == AccessKeyIssuer.notDeliveredCode {
            return error.message
        }
        return "\(step.summary) failed: \(error.message)"
    }
}

/// How far an apply has got, reported after each step for a progress indicator.
public struct ApplyProgress: Sendable, Equatable {
    /// Steps finished so far, applied or failed, across all channels.
    public var finishedSteps: Int
    /// Steps in the whole plan.
    public var totalSteps: Int
    /// The channel whose step just finished.
    public var channel: String

    /// Creates a progress record.
    public init(finishedSteps: Int, totalSteps: Int, channel: String) {
        self.finishedSteps = finishedSteps
        self.totalSteps = totalSteps
        self.channel = channel
    }
}
