/// The reasons and condition types a status file uses, kept in one place so that tools reading
/// the status can rely on their spelling.
///
/// Reasons are UpperCamel words, as Kubernetes controllers write them; each names one cause.
public enum StatusReason {
    /// Every change was applied and live IAM matches the manifest.
    public static let reconcileSucceeded = "ReconcileSucceeded"
    /// No manifest declares the channel; its resources are kept (protected or `--no-prune`).
    public static let resourcesRetained = "ResourcesRetained"
    /// Every step was applied, but the state read afterwards still differs.
    public static let driftRemains = "DriftRemains"
    /// The mass-deletion guard refused the plan, so nothing was applied.
    public static let deletionRefused = "DeletionRefused"
    /// The changes were applied, but the state could not be read again to confirm them.
    public static let confirmationFailed = "ConfirmationFailed"
    /// The run was stopped (Ctrl-C, SIGTERM) before the channel's changes were all applied or
    /// confirmed.
    public static let cancelled = "Cancelled"
    /// A step failed or the run stopped before the channel's last step.
    public static let applyFailed = "ApplyFailed"
    /// A desired name is held by a resource this instance may not change.
    public static let resourceConflict = "ResourceConflict"
    /// The manifest does not parse, validate or render.
    public static let invalidManifest = "InvalidManifest"
}

/// The condition types of a status file.
///
/// `Ready` says whether live IAM matches the manifest; `Synced` whether the last reconcile could
/// do everything it set out to do, as crossplane's managed resources report them.
public enum StatusConditionType {
    /// Live IAM matches the manifest.
    public static let ready = "Ready"
    /// The last reconcile applied what it planned, without failure or refusal.
    public static let synced = "Synced"
}
