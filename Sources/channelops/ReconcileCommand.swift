import ChannelCore
import Glibc
import Reconciler
import Synchronization

/// `channelops reconcile --once`: make live IAM match the committed manifests, then confirm it.
enum ReconcileCommand {
    static let spec = CommandSpec(
        name: "reconcile",
        summary: "make live AWS IAM match the committed manifests, once, and confirm it",
        details: """
            Reads the manifests committed at HEAD of the git checkout holding the current folder,
            and refuses while the manifest folder has uncommitted changes (--allow-dirty applies the
            work tree instead). With --repo, fetches --branch of that repository into a cache folder
            and reads the manifests committed at its head. Applies the drift, reads IAM again to
            confirm, and prints the report of the state it leaves, after the list of changes applied.
            Invalid manifests are reported and their channels left exactly as they are; the others
            are reconciled. Then, unless --no-status or --dry-run, commits status/<channel>.yaml and
            status/REPORT.md on --branch and pushes it (to the checkout's origin in pipeline mode),
            only when something other than the time changed.

            SIGINT or SIGTERM stops the run between steps: the changes applied so far and the
            report are printed, the status records where the run stopped (reason Cancelled), and
            the exit code is 1. A second signal ends the process at once.

            exit codes: 0 converged, 1 something was not applied (or invalid manifests, or an
            error), 2 with --dry-run when live IAM differs from the manifests, 64 usage error
            """,
        options: RunOptions.sourceOptions + ReportFormat.options + [RunOptions.concurrencyOption]
            + CommonOptions.options,
        flags: [
            ("once", "reconcile once and exit (required)"),
            ("dry-run", "print what would change, change nothing"),
            ("no-prune", "keep managed resources that no manifest declares; list them as retained"),
            ("allow-mass-delete", "allow deleting more than 10 managed users and more than half of them"),
            ("allow-dirty", "apply the manifests of the work tree, uncommitted changes included"),
            ("no-status", "write no status back to git"),
            RunOptions.verifyPolicyTagsFlag,
        ]
    )

    static func run(_ arguments: ParsedArguments) async throws -> ExitCode {
        // Check every option before reading anything.
        guard arguments.has("once") else {
            throw UsageError(description: "reconcile runs once and needs --once")
        }
        let progress = Terminal.isErrorTerminal && !arguments.has("dry-run") ? ProgressLine() : nil
        let logger = try CommonOptions.logger(arguments, sink: progress?.logSink)
        let format = try ReportFormat.parse(arguments)
        let destination = ReportDestination(file: arguments.value("output"))
        try destination.check()
        _ = try CommonOptions.instance(arguments)
        _ = try RunOptions.concurrency(arguments)
        if let branch = arguments.value("branch") {
            logger.debug("pipeline mode reconciles the commit checked out", ["branch": branch])
        }

        // From here on the first SIGINT or SIGTERM stops the run between steps; a second ends
        // the process at once.
        let signals = TerminationSignals()

        // Read the committed manifests and the last status, then drift, plan, apply and confirm.
        let target = try await StatusTarget.open(arguments, logger: logger)
        let writesStatus = !arguments.has("no-status") && !arguments.has("dry-run")
        // New access keys are delivered in the status commit, so none is issued without one.
        let keyStage = writesStatus && target.canWriteStatus ? StagedKeyDelivery() : nil
        let session = try await EngineSession.open(
            arguments, source: target.source, logger: logger, prune: !arguments.has("no-prune"),
            protectedWhenLastApplied: target.protectedWhenLastApplied, status: target.status,
            keyDelivery: keyStage)
        var progressReport: (@Sendable (ApplyProgress) -> Void)?
        if let progress {
            progressReport = { progress.update($0) }
        }
        let report = progressReport
        let result = OutcomeHolder()
        let (reconciler, desired, driftOptions) = (session.reconciler, session.desired, session.driftOptions)
        let (dryRun, allowMassDelete) = (arguments.has("dry-run"), arguments.has("allow-mass-delete"))
        let signal = await signals.run {
            do throws(ReconcileError) {
                result.set(
                    .success(
                        try await reconciler.reconcile(
                            desired, options: driftOptions, dryRun: dryRun, allowMassDelete: allowMassDelete,
                            progress: report)))
            } catch {
                result.set(.failure(error))
            }
        }
        progress?.finish()
        // The calls made before a failure or a signal are counted all the same.
        session.logFinished("reconcile")
        let outcome: Reconciler.Outcome
        switch result.value {
        case .success(let value):
            outcome = value
        case .failure(let error):
            if let signal { throw ReconcileStopped(signal: signal, applied: 0) }
            throw error
        case nil:
            throw ReconcileStopped(signal: signal ?? SIGINT, applied: 0)
        }
        if let signal {
            logger.warning(
                "stopped by signal",
                ["signal": ReconcileStopped.name(of: signal), "applied": "\(outcome.applied?.appliedStepCount ?? 0)"])
        }

        // Report, then give each problem its error line.
        let applied = outcome.applied.map { result in
            result.channels.flatMap { AppliedChange.of(channel: $0.channel, steps: $0.applied) }
        }
        try destination.write(
            format.render(
                outcome.report(apiCalls: session.apiCalls), colour: destination.allowsColour, applied: applied))
        var problems = problems(of: outcome)
        if let signal {
            problems.append(
                "error: \(ReconcileStopped(signal: signal, applied: outcome.applied?.appliedStepCount ?? 0))")
        }
        if !problems.isEmpty { printErrorLines(problems) }

        // Write the status back, unless asked not to; after a signal it records where the run
        // stopped. The keys the run issued are committed with it.
        if writesStatus {
            try await target.writeStatus(
                outcome, session: session, sealedKeyFiles: keyStage?.take() ?? [:], logger: logger)
        }
        if signal != nil { return .failure }
        return exitCode(of: outcome, isDryRun: arguments.has("dry-run"), isValid: session.isValid)
    }

    /// The exit code the contract gives the outcome.
    static func exitCode(of outcome: Reconciler.Outcome, isDryRun: Bool, isValid: Bool) -> ExitCode {
        if outcome.refusal != nil || !isValid { return .failure }
        if isDryRun {
            return outcome.initial.hasChanges || outcome.initial.hasConflicts ? .driftFound : .success
        }
        return outcome.isConverged ? .success : .failure
    }

    /// One `error:` line per thing the run did not do: a refusal, each channel that failed or
    /// is blocked by a conflict, and a confirmation that could not be read or found drift left.
    static func problems(of outcome: Reconciler.Outcome) -> [String] {
        if let refusal = outcome.refusal { return ["error: \(refusal)"] }
        var lines: [String] = []
        let failures = outcome.applied?.failures ?? [:]
        for channel in failures.keys.sorted() {
            lines.append("error: channel \(channel): \(failures[channel] ?? "")")
        }
        for channel in (outcome.final ?? outcome.initial).channels where !channel.conflicts.isEmpty {
            lines.append("error: channel \(channel.channel): " + channel.conflicts.joined(separator: "; "))
        }
        if let error = outcome.confirmationError, error != .cancelled {
            lines.append("error: the changes were applied but could not be confirmed: \(error)")
        } else if let final = outcome.final, final.hasChanges, failures.isEmpty {
            lines.append(
                "error: \(final.changeCount) changes remain after the apply; IAM may still be catching up: "
                    + "run channelops drift to see them")
        }
        return lines
    }
}

/// The outcome of a reconcile run under `TerminationSignals`, handed out of its task.
private final class OutcomeHolder: Sendable {
    private let stored = Mutex<Result<Reconciler.Outcome, ReconcileError>?>(nil)

    /// Keeps `result`.
    func set(_ result: Result<Reconciler.Outcome, ReconcileError>) {
        stored.withLock { $0 = result }
    }

    /// The result kept, or nil when the run ended without one.
    var value: Result<Reconciler.Outcome, ReconcileError>? { stored.withLock { $0 } }
}

/// A signal stopped `reconcile --once` before it finished.
struct ReconcileStopped: Error, CustomStringConvertible {
    /// The signal's number.
    var signal: Int32
    /// How many changes were applied before the run stopped.
    var applied: Int

    var description: String {
        let changes = applied == 1 ? "1 change" : "\(applied) changes"
        return "stopped by \(Self.name(of: signal)) after applying \(changes); run reconcile again to finish"
    }

    /// `SIGINT` or `SIGTERM`.
    static func name(of signal: Int32) -> String {
        signal == SIGTERM ? "SIGTERM" : "SIGINT"
    }
}
