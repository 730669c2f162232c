/// How one channel stands after a reconcile, as `status/<channel>.yaml` records it.
///
/// The engine's `Conflict` is recorded as `Failed`, with the conflict as the reason and message:
/// the status has the four phases the contract names.
public enum StatusPhase: String, Sendable, Equatable, CaseIterable {
    /// Live IAM matches the manifest, or the resources of a channel without manifest are kept.
    case inSync = "InSync"
    /// Live IAM still differs from the manifest after the run.
    case drifted = "Drifted"
    /// A step failed, the run stopped before finishing the channel, or a conflict blocks it.
    case failed = "Failed"
    /// The manifest does not parse, validate or render; the resources are left as they are.
    case invalid = "Invalid"
}
