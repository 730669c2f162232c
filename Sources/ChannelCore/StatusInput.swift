/// Everything a status is made from: the state a reconcile left and what the manifests said.
public struct StatusInput: Sendable, Equatable {
    /// How far a reconcile got in confirming the state it reports.
    public enum Completion: Sendable, Equatable {
        /// The state was read after the apply, or nothing needed applying: the report is final.
        case confirmed
        /// The mass-deletion guard refused the plan; nothing was applied. The text says why.
        case refused(String)
        /// The plan was applied but the state could not be read again; the report is the state
        /// before the apply. The text says what failed.
        case unconfirmed(String)
        /// A signal stopped the run between steps; the report is the state before the apply.
        /// The set names the channels it stopped before their last step.
        case cancelled(Set<String>)
    }

    /// The instance reconciled.
    public var instance: String
    /// The full id of the commit whose manifests were reconciled.
    public var observedCommit: String
    /// When the run ended, RFC 3339 in UTC.
    public var lastReconciled: String
    /// The state after the run, with the channels that failed (`Reconciler.Outcome.report()`),
    /// built without an API call count so that it depends on the state alone.
    public var report: DriftReport
    /// The account as last read; gives the ARNs.
    public var live: LiveState
    /// The manifests reconciled; give each declared channel's `protect` flag.
    public var manifests: ManifestSet
    /// The channels whose status said `protect: true` before this run.
    public var protectedWhenLastApplied: Set<String>
    /// How far the run got in confirming the state.
    public var completion: Completion
    /// The delivered access keys after the run (`Reconciler.Outcome.deliveredKeys`); each goes
    /// to the status of its channel.
    public var deliveredKeys: [DeliveredKey]
    /// The sealed key files this run delivered, by path relative to `status/`
    /// (`SealedKeyFiles`); they join the status commit.
    public var sealedKeyFiles: [String: [UInt8]]

    /// Creates an input.
    public init(
        instance: String,
        observedCommit: String,
        lastReconciled: String,
        report: DriftReport,
        live: LiveState,
        manifests: ManifestSet,
        protectedWhenLastApplied: Set<String> = [],
        completion: Completion = .confirmed,
        deliveredKeys: [DeliveredKey] = [],
        sealedKeyFiles: [String: [UInt8]] = [:]
    ) {
        self.instance = instance
        self.observedCommit = observedCommit
        self.lastReconciled = lastReconciled
        self.report = report
        self.live = live
        self.manifests = manifests
        self.protectedWhenLastApplied = protectedWhenLastApplied
        self.completion = completion
        self.deliveredKeys = deliveredKeys
        self.sealedKeyFiles = sealedKeyFiles
    }
}
