/// The process exit codes that pipelines rely on.
enum ExitCode: Int32 {
    /// Valid, in sync, or converged.
    case success = 0
    /// Invalid manifests or an error; for `reconcile`, something was not applied.
    case failure = 1
    /// `drift` and `reconcile --dry-run` only: live AWS differs from the manifests.
    case driftFound = 2
    /// Unknown command or option, or a bad option value (BSD's `EX_USAGE`).
    case usage = 64
}
