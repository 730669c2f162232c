public import ChannelCore

extension Reconciler.Outcome {
    /// The input of the status this outcome leaves: the report without an API call count, so
    /// that two runs leaving the same state give the same status.
    ///
    /// The delivered keys are the outcome's; `sealedKeyFiles` are the sealed files this run
    /// delivered (`StagedKeyDelivery.take()`).
    public func statusInput(
        instance: String,
        observedCommit: String,
        lastReconciled: String,
        manifests: ManifestSet,
        protectedWhenLastApplied: Set<String>,
        sealedKeyFiles: [String: [UInt8]] = [:]
    ) -> StatusInput {
        let completion: StatusInput.Completion
        if let refusal {
            completion = .refused(refusal.description)
        } else if let applied, applied.channels.contains(where: \.wasCancelled) || confirmationError == .cancelled {
            completion = .cancelled(Set(applied.channels.filter(\.wasCancelled).map(\.channel)))
        } else if let confirmationError {
            completion = .unconfirmed(confirmationError.description)
        } else {
            completion = .confirmed
        }
        return StatusInput(
            instance: instance,
            observedCommit: observedCommit,
            lastReconciled: lastReconciled,
            report: report(apiCalls: nil),
            live: live,
            manifests: manifests,
            protectedWhenLastApplied: protectedWhenLastApplied,
            completion: completion,
            deliveredKeys: deliveredKeys,
            sealedKeyFiles: sealedKeyFiles
        )
    }

    /// Each channel with the steps that took effect, for the status commit's message.
    public var appliedSteps: [ChannelPlan] {
        (applied?.channels ?? []).filter { !$0.applied.isEmpty }.map {
            ChannelPlan(channel: $0.channel, steps: $0.applied)
        }
    }
}
