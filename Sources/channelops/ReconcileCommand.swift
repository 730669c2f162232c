import ChannelCore
import Reconciler

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
        _ = try CommonOptions.instance(arguments)
        _ = try RunOptions.concurrency(arguments)
        if let branch = arguments.value("branch") {
            logger.debug("pipeline mode reconciles the commit checked out", ["branch": branch])
        }

        // Read the committed manifests and the last status, then drift, plan, apply and confirm.
        let target = try await StatusTarget.open(arguments, logger: logger)
        let session = try await EngineSession.open(
            arguments, source: target.source, logger: logger, prune: !arguments.has("no-prune"),
            protectedWhenLastApplied: target.protectedWhenLastApplied)
        var report: (@Sendable (ApplyProgress) -> Void)?
        if let progress {
            report = { progress.update($0) }
        }
        let outcome: Reconciler.Outcome
        do {
            outcome = try await session.reconciler.reconcile(
                session.desired,
                options: session.driftOptions,
                dryRun: arguments.has("dry-run"),
                allowMassDelete: arguments.has("allow-mass-delete"),
                progress: report
            )
        } catch {
            // The calls made before the failure are counted all the same.
            session.logFinished("reconcile")
            throw error
        }
        progress?.finish()
        session.logFinished("reconcile")

        // Report, then give each problem its error line.
        var text = format.render(outcome.report(apiCalls: session.apiCalls), colour: destination.allowsColour)
        if format == .text, let applied = outcome.applied, !applied.channels.isEmpty {
            text = appliedSummary(applied) + "\n" + text
        }
        try destination.write(text)
        let problems = problems(of: outcome)
        if !problems.isEmpty { printErrorLines(problems) }

        // Write the status back, unless asked not to.
        if !arguments.has("no-status"), !arguments.has("dry-run") {
            try await target.writeStatus(outcome, session: session, logger: logger)
        }
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
        if let error = outcome.confirmationError {
            lines.append("error: the changes were applied but could not be confirmed: \(error)")
        } else if let final = outcome.final, final.hasChanges, failures.isEmpty {
            lines.append(
                "error: \(final.changeCount) changes remain after the apply; IAM may still be catching up: "
                    + "run channelops drift to see them")
        }
        return lines
    }

    /// The changes applied, channel by channel, for the text report.
    static func appliedSummary(_ applied: ApplyResult) -> String {
        let count = applied.appliedStepCount
        var lines = ["applied \(count) \(count == 1 ? "change" : "changes"):"]
        for channel in applied.channels where !channel.applied.isEmpty {
            lines.append("  \(channel.channel.isEmpty ? "(no channel tag)" : channel.channel):")
            lines += channel.applied.map { "    \($0.summary)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
